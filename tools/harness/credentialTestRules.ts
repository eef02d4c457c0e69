// n8n's verdict on a credential's Test request, as the CLI's `CredentialsTester.testCredentials`
// (packages/cli, not installed here) gives it: from the answer when the request succeeded, from
// the error when it failed.
import type { ICredentialTestRequest, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

// The same lodash `get` the CLI uses (lodash comes with n8n-workflow; its types are not installed).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const get = require('lodash/get') as (object: unknown, path: string) => unknown;

type TestRules = NonNullable<ICredentialTestRequest['rules']>;

/**
 * After the test request succeeded, each rule of type `responseSuccessBody` is checked in order,
 * and the first whose `key` in the response body strictly equals its `value` turns the test into
 * an error with the rule's message. Anything else is a successful test.
 */
export function checkCredentialTestRules(rules: TestRules, responseData: IDataObject): INodeCredentialTestResult {
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody') {
			if (get(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

export type RequestFailure = Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };

/**
 * The CLI's `catch` branch, in its order: rules of type `responseCode` against the HTTP status, then
 * any non-2xx status, then the socket error code (ECONNREFUSED, a certificate error, ...), else the
 * error message (e.g. what `authenticate` threw).
 */
export function credentialTestFailure(rules: TestRules, error: RequestFailure): INodeCredentialTestResult {
	if (error.cause?.response) {
		const { status, statusText } = error.cause.response;
		for (const rule of rules) {
			if (rule.type === 'responseCode' && status === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		if (status < 199 || status > 299) {
			return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: error.message.toString() };
}
