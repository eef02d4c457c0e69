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

/**
 * `refused` marks a failure Mobset itself answered (a negative Code): the call is known to have done
 * nothing. Every other failure leaves unknown what the service did with the call.
 */
export type CallResult =
	| { ok: true; answer: Answer }
	| { ok: false; error: MobsetError; salvaged: MobsetRecord[]; refused?: true };

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
		return {
			ok: false,
			error: serviceError(node, parsed.answer.code, parsed.answer.message),
			salvaged: parsed.answer.details,
			refused: true,
		};
	}
	return { ok: true, answer: parsed.answer };
}

/**
 * One page of a queue Mobset hands out once (SmsGetReport, SmsGetRecv). Its Code is the number of
 * records handed out, so an answer holding fewer readable records than that means records left
 * the queue without reaching n8n: say so rather than carry on.
 */
async function fetchQueuePage(
	context: MobsetContext,
	method: 'SmsGetReport' | 'SmsGetRecv',
	noun: 'report' | 'reply',
	settings: CallSettings,
): Promise<PageResult<MobsetError>> {
	const result = await callMobset(context, method, {}, settings);
	if (!result.ok) return result;
	const { code, details } = result.answer;
	const missing = code - details.length;
	if (missing <= 0) return { ok: true, records: details };
	const nouns = noun === 'reply' ? 'replies' : 'reports';
	return {
		ok: false,
		error: apiError(
			context.getNode(),
			`Mobset said it handed out ${code === 1 ? `1 ${noun}` : `${code} ${nouns}`}, but only ${details.length} could be read from its answer: ${missing} cannot be fetched again.`,
			{
				description: `Any ${nouns} that did arrive are in the output. Mobset returns each ${noun} only once, so the missing ones are lost; if this repeats, report it to Mobset support.`,
				httpCode: '200',
				failure: { cause: 'temporarily-unavailable' },
			},
		),
		salvaged: details,
	};
}

/** SmsGetReport: one page of delivery reports. */
export async function fetchReportPage(context: MobsetContext, settings: CallSettings): Promise<PageResult<MobsetError>> {
	return await fetchQueuePage(context, 'SmsGetReport', 'report', settings);
}

/** SmsGetRecv: one page of inbound replies. */
export async function fetchReplyPage(context: MobsetContext, settings: CallSettings): Promise<PageResult<MobsetError>> {
	return await fetchQueuePage(context, 'SmsGetRecv', 'reply', settings);
}

/**
 * SmsSend: one message to up to 50 numbers. Called once per call and never again for it: Mobset
 * warns that repeating a send whose answer was lost sends the message twice.
 */
export async function sendSms(
	context: MobsetContext,
	message: { PhoneNumbers: string; Content: string; LongSms: '0' | '1'; TimerSend?: string },
	settings: CallSettings,
): Promise<CallResult> {
	return await callMobset(context, 'SmsSend', message, settings);
}

/** TemplateSendSms: a reviewed template with its parameters to up to 50 numbers; never repeated either. */
export async function sendTemplateSms(
	context: MobsetContext,
	message: { TemplateID: string; Mobiles: string; Timer?: string } & Record<`param${number}`, string>,
	settings: CallSettings,
): Promise<CallResult> {
	return await callMobset(context, 'TemplateSendSms', message, settings);
}

/** SmsGetBalance: the account's remaining SMS count. */
export async function getBalance(context: MobsetContext, settings: CallSettings): Promise<CallResult> {
	return await callMobset(context, 'SmsGetBalance', {}, settings);
}

/** SmsGetSign: the account's SMS signature. */
export async function getSignature(context: MobsetContext, settings: CallSettings): Promise<CallResult> {
	return await callMobset(context, 'SmsGetSign', {}, settings);
}

/** TemplateAdd: submits a template for review. */
export async function addTemplate(
	context: MobsetContext,
	template: { TemplateType: '1' | '2'; TemplateName: string; TemplateContent: string; Remark: string },
	settings: CallSettings,
): Promise<CallResult> {
	return await callMobset(context, 'TemplateAdd', template, settings);
}

/** TemplateQuery: one template and its review state. */
export async function queryTemplate(context: MobsetContext, templateId: string, settings: CallSettings): Promise<CallResult> {
	return await callMobset(context, 'TemplateQuery', { TemplateID: templateId }, settings);
}

/** TemplateList: the account's templates. */
export async function listTemplates(context: MobsetContext, settings: CallSettings): Promise<CallResult> {
	return await callMobset(context, 'TemplateList', {}, settings);
}
