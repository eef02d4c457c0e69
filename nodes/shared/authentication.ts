import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { checkCorpId, resolveEndpoint, type Checked, type Transport } from '../protocol/endpoint';
import { beijingTimestamp, secretKey } from '../protocol/signing';

/** A setting the credential cannot work with: n8n shows a UserError as the user's own mistake. */
function valueOrUserError<T>(checked: Checked<T>): T {
	if (!checked.ok) throw new UserError(checked.problem);
	return checked.value;
}

function requiredText(credentials: ICredentialDataDecryptedObject, key: string, label: string): string {
	const value = typeof credentials[key] === 'string' ? (credentials[key] as string) : '';
	if (!value.trim()) {
		throw new UserError(`The Mobset API credential has no ${label}. Enter it in the credential.`);
	}
	return value;
}

/**
 * n8n's `timeout` only limits how long the connection may sit idle: a server that drips its answer
 * a byte at a time holds the call for as long as it likes. This bounds the whole call. It is added
 * here, not by the node, because n8n replaces a node's own `abortSignal` with the execution's cancel
 * signal just before it signs; both are kept.
 */
function withDeadline(requestOptions: IHttpRequestOptions): IHttpRequestOptions['abortSignal'] {
	const { timeout, abortSignal } = requestOptions;
	if (!(typeof timeout === 'number' && timeout > 0)) return abortSignal;
	// A timeout signal nobody listens to may be garbage-collected before it fires, and with it the
	// deadline: the listener keeps it (and the controller) alive until then, and no longer.
	const expired = new AbortController();
	const timer = AbortSignal.timeout(timeout);
	timer.addEventListener('abort', () => expired.abort(timer.reason), { once: true });
	return abortSignal ? AbortSignal.any([abortSignal as AbortSignal, expired.signal]) : expired.signal;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The address the credential names, or '' for the official endpoint. A Base URL saved before the
 * Endpoint field existed (`baseUrl`) still wins, as it did then; the form shows only it while set.
 */
function chosenUrl(credentials: ICredentialDataDecryptedObject): string {
	const legacy = text(credentials.baseUrl);
	if (legacy) return legacy;
	if (credentials.endpoint !== 'custom') return '';
	const custom = text(credentials.customUrl);
	if (!custom) {
		throw new UserError(
			'The Mobset API credential has Endpoint set to Custom URL but no Base URL. Enter the address Mobset gave you, or set Endpoint to Official.',
		);
	}
	return custom;
}

/** The credential's fields, checked: what every request is signed with and sent to. */
export interface CredentialFields {
	corpId: string;
	loginName: string;
	password: string;
	url: string;
}

/**
 * Reads and checks the credential's fields without sending anything; a field that cannot work
 * throws a UserError naming it and the fix. Signing uses it, and so does anything that wants to
 * refuse a bad credential before a run (the trigger's test run).
 */
export function checkCredentialFields(credentials: ICredentialDataDecryptedObject): CredentialFields {
	const corpId = valueOrUserError(checkCorpId(requiredText(credentials, 'corpId', 'CorpID')));
	const loginName = requiredText(credentials, 'loginName', 'Login Name').trim();
	if (/\s/.test(loginName)) {
		throw new UserError(
			`The Mobset Login Name "${loginName}" contains spaces; Mobset login names never do. Fix it in the Mobset API credential.`,
		);
	}
	const password = requiredText(credentials, 'password', 'password');
	const transport: Transport = credentials.transport === 'http' ? 'http' : 'https';
	const url = valueOrUserError(resolveEndpoint(corpId, transport, chosenUrl(credentials)));
	return { corpId, loginName, password, url };
}

/**
 * Signs one SDK3 request: every call goes to the same URL and carries CorpID, LoginName, a fresh
 * Beijing TimeStamp and SecretKey = MD5(CorpID + Password + TimeStamp). The password itself is
 * never sent. The auth fields come first in the form, ahead of `Methods`, as Mobset asks.
 */
export function signRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const { corpId, loginName, password, url } = checkCredentialFields(credentials);

	const timeStamp = beijingTimestamp();
	const auth: IDataObject = {
		CorpID: corpId,
		LoginName: loginName,
		TimeStamp: timeStamp,
		SecretKey: secretKey(corpId, password, timeStamp),
	};
	const body = (requestOptions.body ?? {}) as IDataObject;

	return {
		...requestOptions,
		url,
		baseURL: undefined,
		method: requestOptions.method ?? 'POST',
		headers: { ...requestOptions.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: { ...auth, ...body },
		skipSslCertificateValidation: credentials.ignoreSslIssues === true,
		abortSignal: withDeadline(requestOptions),
	};
}
