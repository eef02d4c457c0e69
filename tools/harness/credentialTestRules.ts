import type { ICredentialTestRequest, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

// The same lodash `get` the CLI uses (lodash comes with n8n-workflow; its types are not installed).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const get = require('lodash/get') as (object: unknown, path: string) => unknown;

/**
 * Mirrors the end of n8n's CLI `CredentialsTester.testCredentials` (packages/cli, not installed
 * here): after the test request succeeded, each rule of type `responseSuccessBody` is checked in
 * order, and the first whose `key` in the response body strictly equals its `value` turns the
 * test into an error with the rule's message. Anything else is a successful test.
 */
export function checkCredentialTestRules(
	rules: NonNullable<ICredentialTestRequest['rules']>,
	responseData: IDataObject,
): INodeCredentialTestResult {
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody') {
			if (get(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
