import type { IAuthenticateRuleResponseSuccessBody } from 'n8n-workflow';

import { describeServiceError } from './serviceErrors';

/**
 * n8n's credential test can only compare a body field for equality, and Mobset answers errors
 * with HTTP 200 and a negative `Code` (spelled `Code` or `code`, as a string or a number). So the
 * failure is spelled out once per code; codes below this bound pass the Test button unnoticed.
 */
export const LOWEST_TESTED_CODE = -99;

function rulesFor(code: number): IAuthenticateRuleResponseSuccessBody[] {
	const message = describeServiceError(code, '');
	return ['Code', 'code'].flatMap((key) =>
		[String(code), code].map((value) => ({
			type: 'responseSuccessBody' as const,
			properties: { key, value, message },
		})),
	);
}

export const credentialTestRules: IAuthenticateRuleResponseSuccessBody[] = Array.from(
	{ length: -LOWEST_TESTED_CODE },
	(_, index) => rulesFor(-(index + 1)),
).flat();
