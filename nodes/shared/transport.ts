// The only way the nodes talk to Mobset: one generic signed call, and one function per SDK3 method
// that adds that method's own rules. A call never throws: it hands back its error together with
// any records that could be recovered, because those may already have left Mobset's queue.
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IPollFunctions,
} from 'n8n-workflow';

import { parseAnswer, type Answer, type MobsetRecord } from '../protocol/answer';
import type { PageResult } from '../protocol/drain';
import {
	apiError,
	httpStatusFailure,
	LOST_IN_FLIGHT_NOTE,
	requestFailure,
	serviceError,
	type HttpAnswer,
	type MobsetError,
} from './errors';

export type MobsetContext = IExecuteFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'mobsetApi';

/**
 * The credential, read and decrypted once per run. Inside a real n8n every
 * `httpRequestWithAuthentication` call without it reads the database and decrypts again; signing
 * (`authenticate`) still runs per call, so each request gets a fresh TimeStamp.
 */
export type MobsetCredential = ICredentialsDecrypted & { data: ICredentialDataDecryptedObject };

export async function readCredential(context: MobsetContext): Promise<MobsetCredential> {
	const data = await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
	return { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data };
}

export interface CallSettings {
	credential: MobsetCredential;
	/** The whole call's deadline (the Request Timeout option). */
	timeoutMs: number;
}

export type CallResult = { ok: true; answer: Answer } | { ok: false; error: MobsetError; salvaged: MobsetRecord[] };

/** Request options every SDK3 call shares; exported so the benchmark measures exactly these. */
export function sdk3Request(method: string, fields: IDataObject, timeoutMs: number): IHttpRequestOptions {
	return {
		method: 'POST',
		url: '',
		// Methods first: Mobset asks for it ahead of Content.
		body: { Methods: method, ...fields },
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		// n8n applies this to idle time only; the credential turns it into a deadline for the whole call.
		timeout: timeoutMs,
	};
}

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

/** Calls one SDK3 method; the credential signs the request and chooses the URL. */
export async function callMobset(
	context: MobsetContext,
	method: string,
	fields: IDataObject,
	{ credential, timeoutMs }: CallSettings,
): Promise<CallResult> {
	const node = context.getNode();
	let answer: HttpAnswer;
	try {
		answer = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			sdk3Request(method, fields, timeoutMs),
			{ credentialsDecrypted: credential },
		)) as HttpAnswer;
	} catch (error) {
		return { ok: false, error: requestFailure(node, error as Error, timeoutMs, executionCancelled(context)), salvaged: [] };
	}
	if (answer.statusCode !== 200) {
		return { ok: false, error: httpStatusFailure(node, answer), salvaged: [] };
	}

	const parsed = parseAnswer(bodyText(answer.body));
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
	if (parsed.answer.code < 0) {
		return { ok: false, error: serviceError(node, parsed.answer.code, parsed.answer.message), salvaged: parsed.answer.details };
	}
	return { ok: true, answer: parsed.answer };
}

const countOf = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * SmsGetReport: one page of delivery reports. Its Code is the number of reports handed out, so an
 * answer holding fewer readable reports than that means reports left the queue without reaching
 * n8n: say so rather than carry on.
 */
export async function fetchReportPage(context: MobsetContext, settings: CallSettings): Promise<PageResult<MobsetError>> {
	const result = await callMobset(context, 'SmsGetReport', {}, settings);
	if (!result.ok) return result;
	const { code, details } = result.answer;
	const missing = code - details.length;
	if (missing <= 0) return { ok: true, records: details };
	return {
		ok: false,
		error: apiError(
			context.getNode(),
			`Mobset said it handed out ${countOf(code, 'report')}, but only ${details.length} could be read from its answer: ${missing} cannot be fetched again.`,
			{
				description:
					'Any reports that did arrive are in the output. Mobset returns each report only once, so the missing ones are lost; if this repeats, report it to Mobset support.',
				httpCode: '200',
				failure: { cause: 'temporarily-unavailable' },
			},
		),
		salvaged: details,
	};
}
