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
import { credentialTestRules } from '../nodes/shared/errors';

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
			displayName: 'Connection',
			name: 'transport',
			type: 'options',
			options: [
				{
					name: 'HTTPS (Port 843)',
					value: 'https',
					description: 'Encrypted connection to the official endpoint for your CorpID',
				},
				{
					name: 'HTTP (Port 8095)',
					value: 'http',
					description: 'Unencrypted: reports and signatures travel in clear text',
				},
			],
			default: 'https',
			description: 'How to reach the official Mobset endpoint, which is chosen from your CorpID',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://sms.mobset.com:843/SDK3/Sms',
			description:
				'Leave empty to use the official endpoint for your CorpID. Enter a full SDK3 URL only if Mobset gave you another one, or to use a simulator.',
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
