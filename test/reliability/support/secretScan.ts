// Jest `setupFilesAfterEnv` hook for the whole suite: after each test file that runs the nodes
// through the harness, every line n8n logged in that file is searched for every password a
// credential signed with in that file (and its MD5 without the time stamp). secrets.test.ts proves
// the same for outputs, errors and execution data in a broad sweep of scenarios; this hook extends
// the log half of it to every scenario any test file runs, so a new test cannot leak unnoticed.
//
// Enable it in jest.config.js: setupFilesAfterEnv: ['<rootDir>/test/reliability/support/secretScan.ts']
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { leakForms, leaksIn } from './secrets';

/** Test files that use the engine harness; the others never load n8n's logger. */
const HARNESS_FILES = /[\\/]test[\\/](nodes|credentials|support|reliability)[\\/]/;

const testPath = expect.getState().testPath ?? '';

if (HARNESS_FILES.test(testPath)) {
	/* eslint-disable @typescript-eslint/no-require-imports -- loaded only for harness files, and
	   in the test file's own module registry so the patch and the log are the ones it uses */
	const { TestCredentialsHelper } = require('../../../tools/harness/credentialsHelper') as typeof import('../../../tools/harness/credentialsHelper');
	const signedWith = new Map<string, string>();
	const authenticate = TestCredentialsHelper.prototype.authenticate;
	TestCredentialsHelper.prototype.authenticate = async function (
		this: InstanceType<typeof TestCredentialsHelper>,
		credentials: ICredentialDataDecryptedObject,
		...rest: unknown[]
	) {
		const { password, corpId } = credentials;
		if (typeof password === 'string' && password !== '') signedWith.set(password, String(corpId ?? '').trim());
		return await (authenticate as (...args: unknown[]) => ReturnType<typeof authenticate>).call(this, credentials, ...rest);
	} as typeof authenticate;

	afterAll(() => {
		if (signedWith.size === 0) return;
		const { installLogCapture, logText } = require('../../../tools/harness/logCapture') as typeof import('../../../tools/harness/logCapture');
		/* eslint-enable @typescript-eslint/no-require-imports */
		const text = logText(installLogCapture().lines);
		const leaks = [...signedWith].flatMap(([password, corpId]) =>
			leaksIn(text, leakForms(password, corpId)).map((form) => `a form of the password "${password}": ${form}`),
		);
		if (leaks.length > 0) {
			throw new Error(`n8n logged a secret while ${testPath} ran:\n${leaks.join('\n')}`);
		}
	});
}
