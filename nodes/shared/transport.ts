import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';

import { parseEnvelope, type Envelope } from './envelope';
import { describeServiceError } from './serviceErrors';

export type MobsetContext = IExecuteFunctions | IPollFunctions;
export type MobsetError = NodeApiError | NodeOperationError;

/**
 * One SDK3 call never throws: a failed call hands back its error together with any reports that
 * could be recovered from a broken answer, because those reports have already left the queue.
 */
export type CallResult =
	| { ok: true; envelope: Envelope }
	| { ok: false; error: MobsetError; salvaged: IDataObject[] };

interface HttpAnswer {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

const LOST_IN_FLIGHT_NOTE =
	'If Mobset had already handed out reports for this call they cannot be fetched again: the service returns each report only once.';

function apiError(node: INode, message: string, options: { description?: string; httpCode?: string; failure?: NodeApiError['failure']; cause?: JsonObject } = {}): NodeApiError {
	return new NodeApiError(node, options.cause ?? { message }, {
		message,
		description: options.description,
		httpCode: options.httpCode,
		failure: options.failure,
	});
}

/** What went wrong before any answer arrived, in terms of what the user can do about it. */
function requestFailure(node: INode, error: Error & { code?: string }, timeoutMs: number): MobsetError {
	const cause = (error.cause ?? error) as Error & { code?: string };
	if (cause instanceof UserError) {
		return new NodeOperationError(node, cause.message, {
			failure: { cause: 'configuration-invalid' },
		});
	}
	const code = cause.code ?? error.code ?? '';
	const text = `${cause.message ?? ''} ${error.message ?? ''}`;
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(text)) {
		return apiError(node, `Mobset did not answer within ${Math.round(timeoutMs / 1000)} seconds.`, {
			description: `Try again later, or raise the Request Timeout option if the network is slow. ${LOST_IN_FLIGHT_NOTE}`,
			failure: { cause: 'temporarily-unavailable' },
		});
	}
	if (code === 'ECONNREFUSED') {
		return apiError(node, 'Could not connect to Mobset: the connection was refused.', {
			description: 'Check the Connection and Base URL settings of the Mobset API credential, and that this n8n server may reach the Mobset host and port.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return apiError(node, 'Could not find the Mobset host: the name did not resolve.', {
			description: 'Check the Base URL of the Mobset API credential and this server\'s DNS settings.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (/CERT|SSL|TLS|self[- ]signed/i.test(`${code} ${text}`)) {
		return apiError(node, 'The HTTPS certificate of the Mobset host could not be verified.', {
			description: 'Use the official endpoint (leave Base URL empty). Only for a host you control, turn on "Ignore SSL Issues" in the credential.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted|closed/i.test(text)) {
		return apiError(node, 'The connection to Mobset was closed before its answer arrived.', {
			description: `Try again; if it keeps happening, check the network between n8n and Mobset. ${LOST_IN_FLIGHT_NOTE}`,
			failure: { cause: 'temporarily-unavailable' },
		});
	}
	return apiError(node, `The request to Mobset failed: ${cause.message || error.message || code}`, {
		description: LOST_IN_FLIGHT_NOTE,
	});
}

function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headers['retry-after'];
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Mobset answers business errors with HTTP 200; any other status comes from the service's edge. */
function httpStatusFailure(node: INode, answer: HttpAnswer): NodeApiError {
	const status = answer.statusCode;
	const httpCode = String(status);
	if (status >= 300 && status < 400) {
		const location = typeof answer.headers.location === 'string' ? ` to ${answer.headers.location}` : '';
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
		return apiError(node, 'Mobset answered HTTP 404: the address is not an SDK3 endpoint.', {
			description: 'Leave the Base URL of the Mobset API credential empty to use the official endpoint, or correct it.',
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
	return apiError(node, `Mobset answered with an unexpected HTTP status ${status}.`, { httpCode });
}

const SERVICE_FAILURES: Record<number, NodeApiError['failure']> = {
	[-2]: { cause: 'credential-invalid' },
	[-7]: { cause: 'temporarily-unavailable' },
	[-8]: { cause: 'credential-invalid' },
	[-12]: { cause: 'configuration-invalid' },
};

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

/** Calls one SDK3 method; the credential signs the request and chooses the URL. */
export async function callMobset(
	this: MobsetContext,
	method: string,
	timeoutMs: number,
): Promise<CallResult> {
	const node = this.getNode();
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: '',
		body: { Methods: method },
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: timeoutMs,
	};
	let answer: HttpAnswer;
	try {
		answer = (await this.helpers.httpRequestWithAuthentication.call(this, 'mobsetApi', request)) as HttpAnswer;
	} catch (error) {
		return { ok: false, error: requestFailure(node, error as Error, timeoutMs), salvaged: [] };
	}
	if (answer.statusCode !== 200) {
		return { ok: false, error: httpStatusFailure(node, answer), salvaged: [] };
	}

	const parsed = parseEnvelope(bodyText(answer.body));
	if (!parsed.ok) {
		return {
			ok: false,
			error: apiError(node, parsed.message, {
				description: `Try again later. ${LOST_IN_FLIGHT_NOTE}`,
				httpCode: '200',
				failure: { cause: 'temporarily-unavailable' },
			}),
			salvaged: parsed.salvaged,
		};
	}
	const { envelope } = parsed;
	if (envelope.code < 0) {
		const failure = SERVICE_FAILURES[envelope.code];
		return {
			ok: false,
			error: apiError(node, describeServiceError(envelope.code, envelope.message), {
				// Mobset says "bad credentials" with HTTP 200; n8n recognises credential problems by 401.
				httpCode: envelope.code === -2 ? '401' : '200',
				failure,
			}),
			salvaged: envelope.details,
		};
	}
	return { ok: true, envelope };
}
