import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { signRequest } from '../nodes/shared/authentication';
import { SDK3_PATH } from '../nodes/protocol/endpoint';
import { credentialTestRules } from '../nodes/shared/errors';

/**
 * A display condition: the legacy Base URL is set (neither missing nor ''). Not `regex`: n8n runs
 * display rules whenever it resolves the credential, and runs `regex` rules in a sandbox with a
 * 250 ms time-out, which a busy n8n can hit ("Regular expression execution timed out"), failing
 * every call with this credential.
 */
const LEGACY_BASE_URL_SET = { _cnd: { exists: true as const } };

export class MobsetApi implements ICredentialType {
	name = 'mobsetApi';

	displayName = 'Mobset API';

	icon: Icon = { light: 'file:../icons/mobset.svg', dark: 'file:../icons/mobset.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-mobset/n8n-nodes-mobset#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'CorpID',
			name: 'corpId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '100000',
			description: 'The six-digit enterprise ID (企业ID) from your Mobset account',
		},
		{
			displayName: 'Login Name',
			name: 'loginName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'admin',
			description: 'The login user under that enterprise',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The login password. It never leaves n8n: each request carries only a signature made from it.',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'options',
			options: [
				{
					name: 'Official (Chosen by CorpID)',
					value: 'official',
					description: 'Mobset\'s own server for your CorpID\'s platform',
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description: 'An address Mobset gave you, or a simulator',
				},
			],
			default: 'official',
			description: 'Where requests go',
			displayOptions: { hide: { baseUrl: [LEGACY_BASE_URL_SET] } },
		},
		{
			displayName: 'Connection',
			name: 'transport',
			type: 'options',
			options: [
				{
					name: 'HTTPS (Port 843)',
					value: 'https',
					description: 'Encrypted',
				},
				{
					name: 'HTTP (Port 8095)',
					value: 'http',
					description: 'Unencrypted: reports and signatures travel in clear text',
				},
			],
			default: 'https',
			description: 'How to reach the official endpoint',
			displayOptions: { show: { endpoint: ['official'] }, hide: { baseUrl: [LEGACY_BASE_URL_SET] } },
		},
		{
			displayName: 'Base URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://your-host:843/SDK3/Sms',
			description: `The full SDK3 address, ending in ${SDK3_PATH}`,
			displayOptions: { show: { endpoint: ['custom'] }, hide: { baseUrl: [LEGACY_BASE_URL_SET] } },
		},
		{
			// Credentials saved before the Endpoint field: a non-empty Base URL is used whatever else
			// is set, so it is shown (with Endpoint and Connection hidden) only while it has a value.
			// One of only blanks counts as set (no rule without `regex` can tell): it shows, so it can
			// be cleared, and until then requests go to the official endpoint over HTTPS.
			displayName: 'Base URL (Saved by an Earlier Version)',
			name: 'baseUrl',
			type: 'string',
			default: '',
			description: 'Used instead of the official endpoint while it has a value. Clear it to choose the Endpoint instead.',
			displayOptions: { show: { baseUrl: [LEGACY_BASE_URL_SET] } },
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept an invalid or self-signed HTTPS certificate. Anyone between n8n and Mobset could then read and alter reports; only turn this on for a host you control.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signRequest(credentials, requestOptions);
	}

	// SmsGetBalance is read-only: the Test button must never take reports off the queue.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: { Methods: 'SmsGetBalance' },
		},
		rules: credentialTestRules as IAuthenticateRuleResponseSuccessBody[],
	};
}
