// Every way a Mobset call can fail, as the n8n error a user sees: a message naming the problem, a
// description naming the fix, and `httpCode`/`failure` so n8n can tell rate limiting, outages,
// credential and configuration problems apart.
import type { IAuthenticateRuleResponseSuccessBody, IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';

import { excerpt, QUOTE_LIMIT } from '../protocol/answer';
import { SDK3_PATH } from '../protocol/endpoint';

export type MobsetError = NodeApiError | NodeOperationError;

/** The answer of one call, as n8n's helper returns it with `returnFullResponse`. */
export interface HttpAnswer {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export const LOST_IN_FLIGHT_NOTE =
	'If Mobset had already handed out reports for this call they cannot be fetched again: the service returns each report only once.';

/**
 * Anything that would let a reader replay a request or sign in, removed from a text whatever its
 * source (Mobset's Message, a proxy's page, a header, a URL the user typed): SecretKey, password
 * and token fields in form, JSON or header spelling, whole form bodies that carry a TimeStamp (a
 * signed request), the user:password part of URLs, and 32-digit hex strings (an MD5 such as a
 * SecretKey, wherever it stands).
 */
export function redact(text: string): string {
	return text
		.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi, '$1[credentials removed]@')
		.replace(
			/(?:[\w.%+-]+=[^&\s"'<>]*&)*[\w.%+-]*timestamp=[^&\s"'<>]*(?:&[\w.%+-]+=[^&\s"'<>]*)*/gi,
			'[signed request removed]',
		)
		.replace(
			/\b(secret_?key|pass(?:word|wd)?|pwd|(?:access_?|auth_?)?token|api_?key|signature|sign|sig)(["']?\s*[:=]\s*["']?)[^"'&\s,;<>}]+/gi,
			'$1$2[removed]',
		)
		.replace(/\b[0-9a-f]{32}\b/gi, '[removed]');
}

/** Text from the service quoted in a message: never a secret, never a megabyte. */
export function quoteService(text: string, limit = QUOTE_LIMIT): string {
	return excerpt(redact(text), limit);
}

/** No message or description of ours is longer than this, whatever it quotes. */
const MESSAGE_LIMIT = 2000;

const clean = (text: string) => excerpt(redact(text), MESSAGE_LIMIT);

export interface ApiErrorOptions {
	/** The cause and the fix, shown under the headline. */
	description?: string;
	/** What the service itself said, shown under the error's details ("Full message"). */
	details?: string;
	httpCode?: string;
	failure?: NodeApiError['failure'];
}

/**
 * One layout for every failure: a short headline of what happened, the description with the cause
 * and the fix, the service's own words in the details.
 */
export function apiError(node: INode, message: string, options: ApiErrorOptions = {}): NodeApiError {
	const safe = clean(message);
	return new NodeApiError(node, { message: options.details === undefined ? safe : clean(options.details) }, {
		message: safe,
		description: options.description === undefined ? undefined : clean(options.description),
		httpCode: options.httpCode,
		failure: options.failure,
	});
}

/** A setting the user can fix, as the error n8n shows for one; the text is redacted like every other. */
export function operationError(node: INode, message: string, options: { description?: string; failure?: NodeOperationError['failure'] } = {}): NodeOperationError {
	return new NodeOperationError(node, clean(message), {
		...(options.description !== undefined && { description: clean(options.description) }),
		...(options.failure && { failure: options.failure }),
	});
}

const CLOCK_CAUSE =
	'Mobset accepts a request only within 20 minutes of Beijing time, and rejected this one\'s time stamp. Check that this n8n server\'s clock is correct.';

const CREDENTIAL_CAUSE =
	'The CorpID, Login Name or password is wrong, or this server\'s IP address is not allowed for the account. Check the Mobset API credential.';

interface ServiceCode {
	/** What happened, in a few words: the error's headline. */
	headline: string;
	/** The cause and what to do about it. */
	cause: string;
	failure?: NodeApiError['failure'];
	/** Mobset says "bad credentials" with HTTP 200; n8n recognises credential problems by 401. */
	httpCode?: string;
}

const CREDENTIAL_REFUSED: ServiceCode = {
	headline: 'Mobset refused the credential',
	cause: CREDENTIAL_CAUSE,
	failure: { cause: 'credential-invalid' },
	httpCode: '401',
};
const CLOCK_REFUSED: ServiceCode = {
	headline: 'Mobset rejected the request time',
	cause: CLOCK_CAUSE,
	failure: { cause: 'configuration-invalid' },
};
const FIELD_MISSING: ServiceCode = {
	headline: 'Mobset says a required field is missing',
	cause: 'A field Mobset needs is missing from the request. Check the node\'s parameters; if they are complete, report this to the package\'s maintainers.',
};
const NO_BALANCE = (whose: string): ServiceCode => ({
	headline: `The Mobset ${whose} account has no SMS balance left`,
	cause: 'Top up the account in Mobset, then try again.',
});

/**
 * What a negative Mobset `Code` means. The SDK3 error table is not published; these follow the
 * older Mobset APIs and the simulator, so the service's own `Message` is always shown beside them.
 */
const SERVICE_CODES: Record<number, ServiceCode> = {
	[-1]: FIELD_MISSING,
	[-2]: CREDENTIAL_REFUSED,
	[-3]: { headline: 'Mobset refused a phone number', cause: 'A phone number is not valid. Check the numbers sent.' },
	[-4]: NO_BALANCE('enterprise'),
	[-5]: NO_BALANCE('user'),
	[-6]: FIELD_MISSING,
	[-7]: {
		headline: 'Mobset is having trouble right now',
		cause: 'Mobset could not reach its own database. Try again later.',
		failure: { cause: 'temporarily-unavailable' },
	},
	[-8]: {
		headline: 'The Mobset enterprise account is disabled',
		cause: 'Contact Mobset to enable the account.',
		failure: { cause: 'credential-invalid' },
	},
	[-9]: { headline: 'Mobset refused the content', cause: 'The text contains a keyword Mobset filters. Change the wording.' },
	[-12]: CLOCK_REFUSED,
};

const UNKNOWN_CODE: ServiceCode = {
	headline: 'Mobset refused the request',
	cause: 'Mobset did not say why in a way this node knows; its own message is in the error details. Check the CorpID, Login Name and password in the Mobset API credential, and that this n8n server\'s clock is correct to within 20 minutes.',
};

/** Recognises what the Chinese `Message` says when the code itself is not one we know. */
function fromMessage(message: string): ServiceCode | undefined {
	if (/时间|TimeStamp|时间戳/i.test(message)) return CLOCK_REFUSED;
	if (/密码|账号|帐号|用户|登录|SecretKey|IP/i.test(message)) return CREDENTIAL_REFUSED;
	return undefined;
}

/** A negative Code in words: the headline (with the code), the cause and fix, Mobset's own words. */
export function describeServiceError(code: number, message: string): { headline: string; description: string; details: string } {
	const known = SERVICE_CODES[code] ?? fromMessage(message) ?? UNKNOWN_CODE;
	return {
		headline: `${known.headline} (Code ${code})`,
		description: known.cause,
		details: `Mobset answered Code ${code}${message ? ` with the message "${quoteService(message)}"` : ' without a message'}.`,
	};
}

export function isKnownServiceErrorCode(code: number): boolean {
	return code in SERVICE_CODES;
}

/** A negative Code, as the error the node raises. */
export function serviceError(node: INode, code: number, message: string): NodeApiError {
	const known = SERVICE_CODES[code] ?? fromMessage(message);
	const { headline, description, details } = describeServiceError(code, message);
	return apiError(node, headline, {
		description,
		details,
		httpCode: known?.httpCode ?? '200',
		failure: known?.failure,
	});
}

/** The one line the credential's Test button shows: the node's headline and description together. */
export const testButtonText = (headline: string, description: string) => `${headline}. ${description}`;

/**
 * n8n's credential test can only compare a body field for equality, and Mobset answers errors
 * with HTTP 200 and a negative `Code` (spelled `Code` or `code`, as a string or a number). So the
 * failure is spelled out once per code; codes below this bound pass the Test button unnoticed.
 */
export const LOWEST_TESTED_CODE = -99;

const codeRules: IAuthenticateRuleResponseSuccessBody[] = Array.from({ length: -LOWEST_TESTED_CODE }, (_, index) => -(index + 1)).flatMap(
	(code) => {
		const { headline, description } = describeServiceError(code, '');
		const message = testButtonText(headline, description);
		return ['Code', 'code'].flatMap((key) =>
			[String(code), code].map((value) => ({ type: 'responseSuccessBody' as const, properties: { key, value, message } })),
		);
	},
);

const NOT_MOBSET = testButtonText(
	'The address answered, but not as Mobset does',
	`Mobset answers with JSON; this answer is text (a web page, a proxy's or gateway's answer). Check the Endpoint of the Mobset API credential: a Base URL must be an SDK3 address ending in ${SDK3_PATH}.`,
);

/**
 * A body n8n could not read as JSON reaches the rules as a string, and the rules only compare a
 * path's value for equality; a string's `constructor.name` is "String" (a JSON object's "Object").
 * That is how a web page at the Base URL, which n8n's own check would accept, fails the test.
 */
const notMobsetRules: IAuthenticateRuleResponseSuccessBody[] = [
	{ type: 'responseSuccessBody', properties: { key: 'constructor.name', value: 'String', message: NOT_MOBSET } },
];

export const credentialTestRules: IAuthenticateRuleResponseSuccessBody[] = [...codeRules, ...notMobsetRules];

/** What went wrong before any answer arrived, in terms of what the user can do about it. */
export function requestFailure(
	node: INode,
	error: Error & { code?: string },
	timeoutMs: number,
	executionCancelled: boolean,
): MobsetError {
	const cause = (error.cause ?? error) as Error & { code?: string };
	if (cause instanceof UserError) {
		return operationError(node, cause.message, { failure: { cause: 'configuration-invalid' } });
	}
	const code = cause.code ?? error.code ?? '';
	const text = `${cause.message ?? ''} ${error.message ?? ''}`;
	if (code === 'ERR_CANCELED' && executionCancelled) {
		return apiError(node, 'The execution was cancelled while waiting for Mobset.', {
			description: LOST_IN_FLIGHT_NOTE,
		});
	}
	// ERR_CANCELED otherwise means the whole-call deadline the credential sets (see authentication.ts).
	if (code === 'ERR_CANCELED' || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(text)) {
		const seconds = Math.round(timeoutMs / 1000);
		return apiError(node, `Mobset did not answer within ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`, {
			description: `Try again later, or raise the Request Timeout option if the network is slow. ${LOST_IN_FLIGHT_NOTE}`,
			failure: { cause: 'temporarily-unavailable' },
		});
	}
	if (code === 'ECONNREFUSED') {
		return apiError(node, 'Could not connect to Mobset: the connection was refused.', {
			description: 'Check the Endpoint (and Connection or Base URL) of the Mobset API credential, and that this n8n server may reach the Mobset host and port.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return apiError(node, 'Could not find the Mobset host: the name did not resolve.', {
			description: 'Check the Base URL of the Mobset API credential and this server\'s DNS settings.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (/CERT|certificate|self[- ]signed/i.test(`${code} ${text}`)) {
		return apiError(node, 'The HTTPS certificate of the Mobset host could not be verified.', {
			description: 'Set Endpoint to Official in the Mobset API credential. Only for a host you control, turn on "Ignore SSL Issues" in the credential.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	// Typically https:// aimed at Mobset's plain-HTTP port 8095: no certificate is involved at all.
	if (code === 'EPROTO' || /SSL routines|TLS/i.test(text)) {
		return apiError(node, 'Could not open an HTTPS connection to the Mobset host: it does not speak HTTPS at that address.', {
			description: 'Mobset serves HTTPS on port 843 and plain HTTP on port 8095. Correct the Base URL of the Mobset API credential, or set its Endpoint to Official.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted|closed/i.test(text)) {
		return apiError(node, 'The connection to Mobset was closed before its answer arrived.', {
			description: `Try again; if it keeps happening, check the network between n8n and Mobset. ${LOST_IN_FLIGHT_NOTE}`,
			failure: { cause: 'temporarily-unavailable' },
		});
	}
	return apiError(node, `The request to Mobset failed: ${quoteService(cause.message || error.message || code)}`, {
		description: LOST_IN_FLIGHT_NOTE,
	});
}

/** The longest wait a Retry-After may ask for before n8n retries: a day-long answer is a misconfiguration. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Retry-After is a number of seconds (a fraction is read as one, not as a date) or an HTTP date. */
function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headers['retry-after'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	let ms: number;
	if (/^\d+(?:\.\d*)?$/.test(text)) ms = Math.round(Number(text) * 1000);
	else {
		const at = Date.parse(text);
		if (Number.isNaN(at)) return undefined;
		ms = Math.max(0, at - Date.now());
	}
	return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** Mobset answers business errors with HTTP 200; any other status comes from the service's edge. */
export function httpStatusFailure(node: INode, answer: HttpAnswer): NodeApiError {
	const status = answer.statusCode;
	const httpCode = String(status);
	if (status >= 300 && status < 400) {
		const location = typeof answer.headers.location === 'string' ? ` to ${quoteService(answer.headers.location)}` : '';
		return apiError(node, `Mobset answered with a redirect (HTTP ${status}${location}) instead of a result.`, {
			description: 'The node does not follow redirects, so signed requests only go where you configured. If the new address is genuine, put it in the Base URL of the Mobset API credential.',
			httpCode,
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (status === 401 || status === 403) {
		return apiError(node, `Mobset refused access (HTTP ${status}).`, {
			description: 'Check the Mobset API credential, and whether your Mobset account only allows certain server IP addresses.',
			httpCode,
			failure: { cause: 'credential-invalid' },
		});
	}
	if (status === 429) {
		return apiError(node, 'Mobset is limiting the request rate (HTTP 429).', {
			description: 'Poll less often, or let n8n retry later.',
			httpCode,
			failure: { cause: 'rate-limited', retryAfterMs: retryAfterMs(answer.headers) },
		});
	}
	if (status === 404) {
		return apiError(node, `Mobset answered HTTP 404: the address is not an SDK3 endpoint, whose path is ${SDK3_PATH}.`, {
			description: `Set the Endpoint of the Mobset API credential to Official, or correct its Base URL: it must end in ${SDK3_PATH} (for example https://sms.mobset.com:843${SDK3_PATH}).`,
			httpCode,
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (status >= 500) {
		return apiError(node, `Mobset is failing right now (HTTP ${status}).`, {
			description: 'Try again later; the node settings "Retry On Fail" can do that automatically.',
			httpCode,
			failure: { cause: 'temporarily-unavailable', retryAfterMs: retryAfterMs(answer.headers) },
		});
	}
	return apiError(node, `Mobset answered with an unexpected HTTP status ${status}.`, {
		description: 'Check the Endpoint and Base URL of the Mobset API credential; if they are right, try again later.',
		httpCode,
	});
}
