import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IPollFunctions, NodeApiError } from 'n8n-workflow';

import { parseEnvelope, type Envelope } from './envelope';
import {
	apiError,
	httpStatusFailure,
	LOST_IN_FLIGHT_NOTE,
	requestFailure,
	type HttpAnswer,
	type MobsetError,
} from './failures';
import { describeServiceError } from './serviceErrors';

export type { MobsetError } from './failures';

export type MobsetContext = IExecuteFunctions | IPollFunctions;

/**
 * One SDK3 call never throws: a failed call hands back its error together with any reports that
 * could be recovered from a broken answer, because those reports have already left the queue.
 */
export type CallResult =
	| { ok: true; envelope: Envelope }
	| { ok: false; error: MobsetError; salvaged: IDataObject[] };

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

/** Whether the user stopped the execution (only regular nodes can be stopped mid-call). */
function executionCancelled(context: MobsetContext): boolean {
	const getSignal = (context as Partial<IExecuteFunctions>).getExecutionCancelSignal;
	return typeof getSignal === 'function' && getSignal.call(context)?.aborted === true;
}

/**
 * For SmsGetReport, Code is the number of reports handed out. An answer holding fewer readable
 * reports than that means reports left the queue without reaching n8n: say so rather than carry on.
 */
function missingReports(this: MobsetContext, envelope: Envelope): CallResult | undefined {
	const missing = envelope.code - envelope.details.length;
	if (missing <= 0) return undefined;
	const reports = (n: number) => `${n} report${n === 1 ? '' : 's'}`;
	return {
		ok: false,
		error: apiError(
			this.getNode(),
			`Mobset said it handed out ${reports(envelope.code)}, but only ${envelope.details.length} could be read from its answer: ${missing} cannot be fetched again.`,
			{
				description:
					'Any reports that did arrive are in the output. Mobset returns each report only once, so the missing ones are lost; if this repeats, report it to Mobset support.',
				httpCode: '200',
				failure: { cause: 'temporarily-unavailable' },
			},
		),
		salvaged: envelope.details,
	};
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
		// n8n applies this to idle time only; the credential turns it into a deadline for the whole call.
		timeout: timeoutMs,
	};
	let answer: HttpAnswer;
	try {
		answer = (await this.helpers.httpRequestWithAuthentication.call(this, 'mobsetApi', request)) as HttpAnswer;
	} catch (error) {
		const failure = requestFailure(node, error as Error, timeoutMs, executionCancelled(this));
		return { ok: false, error: failure, salvaged: [] };
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
	if (method === 'SmsGetReport') {
		const incomplete = missingReports.call(this, envelope);
		if (incomplete) return incomplete;
	}
	return { ok: true, envelope };
}
