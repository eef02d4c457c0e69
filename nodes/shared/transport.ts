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

import { excerpt, parseAnswer, type Answer, type MobsetRecord } from '../protocol/answer';
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
 * A failed call's `promised`: how many records its answer's Code announced, when that was
 * readable. `refused` marks a failure Mobset itself answered (a negative Code): the call is known
 * to have done nothing. Every other failure leaves unknown what the service did with the call.
 */
export type CallResult =
	| { ok: true; answer: Answer }
	| { ok: false; error: MobsetError; salvaged: MobsetRecord[]; promised?: number; refused?: true };

/** Request options every SDK3 call shares; exported so the benchmark measures exactly these. */
export function sdk3Request(method: string, fields: IDataObject, timeoutMs: number): IHttpRequestOptions {
	return {
		method: 'POST',
		url: '',
		// Methods first: Mobset asks for it ahead of Content.
		body: { Methods: method, ...fields },
		// Bytes, not text: the answer is decoded by the charset it declares (see decodeBody).
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		// n8n applies this to idle time only; the credential turns it into a deadline for the whole call.
		timeout: timeoutMs,
	};
}

const BYTE_ORDER_MARKS: Array<{ bytes: number[]; charset: string }> = [
	{ bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
	{ bytes: [0xfe, 0xff], charset: 'utf-16be' },
	{ bytes: [0xff, 0xfe], charset: 'utf-16le' },
];

type Decoded = { ok: true; text: string } | { ok: false; text: string; problem: string };

/**
 * The answer's text. A byte-order mark wins, then the charset the Content-Type declares (GBK,
 * GB18030, Big5, UTF-16...: whatever the platform's TextDecoder knows); with neither, UTF-8, and
 * GB18030 when the bytes are not UTF-8 (a Chinese service that does not say). A body valid in none
 * of these is decoded with replacement characters, so the reports in it can still be read, and the
 * answer is reported as undecodable.
 */
export function decodeBody(body: unknown, contentType: unknown): Decoded {
	if (typeof body === 'string') return { ok: true, text: body };
	if (body === undefined || body === null) return { ok: true, text: '' };
	const bytes = Buffer.isBuffer(body) ? body : body instanceof ArrayBuffer ? Buffer.from(body) : undefined;
	if (!bytes) return { ok: true, text: JSON.stringify(body) };

	const declared = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(typeof contentType === 'string' ? contentType : '')?.[1];
	const mark = BYTE_ORDER_MARKS.find((bom) => bom.bytes.every((byte, index) => bytes[index] === byte));
	// A wrong label is tolerated: bytes that are not valid in the declared charset but are valid
	// UTF-8 (or GB18030 when UTF-8 was declared) are almost certainly that.
	const fallback = declared && /^utf-?8$/i.test(declared) ? 'gb18030' : 'utf-8';
	const candidates = mark ? [mark.charset] : declared ? [declared, fallback] : ['utf-8', 'gb18030'];
	let encoding: string;
	try {
		encoding = new TextDecoder(candidates[0]).encoding;
	} catch {
		return {
			ok: false,
			text: new TextDecoder('utf-8').decode(bytes),
			problem: `Mobset's answer declares the character set "${excerpt(candidates[0], 40)}", which this n8n cannot decode`,
		};
	}
	for (const charset of candidates) {
		try {
			return { ok: true, text: new TextDecoder(charset, { fatal: true }).decode(bytes) };
		} catch {
			// Not valid in this charset: try the next one, if any.
		}
	}
	return {
		ok: false,
		text: new TextDecoder(encoding).decode(bytes),
		problem: `Mobset's answer is not valid ${encoding.toUpperCase()} text${declared ? ` (it declares charset=${excerpt(declared, 40)})` : ''}: some of its bytes could not be decoded`,
	};
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

	const decoded = decodeBody(answer.body, answer.headers['content-type']);
	const parsed = parseAnswer(decoded.text);
	if (!decoded.ok) {
		return {
			ok: false,
			error: apiError(node, `${decoded.problem}.`, {
				description: `Any reports that could still be read from it are in the output. If this repeats, ask Mobset which character set its answers use. ${LOST_IN_FLIGHT_NOTE}`,
				httpCode: '200',
				failure: { cause: 'temporarily-unavailable' },
			}),
			salvaged: parsed.ok ? parsed.answer.details : parsed.salvaged,
		};
	}
	if (!parsed.ok) {
		return {
			ok: false,
			error: apiError(node, parsed.message, {
				description: `Try again later. ${LOST_IN_FLIGHT_NOTE}`,
				httpCode: '200',
				failure: { cause: 'temporarily-unavailable' },
			}),
			salvaged: parsed.salvaged,
			promised: parsed.promised,
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

type QueueNoun = 'report' | 'reply';

const plural = (noun: QueueNoun) => (noun === 'reply' ? 'replies' : 'reports');

const countQueued = (n: number, noun: QueueNoun) => `${n} ${n === 1 ? noun : plural(noun)}`;

function missingRecords(context: MobsetContext, noun: QueueNoun, promised: number, read: number, cutOff: boolean): MobsetError {
	return apiError(
		context.getNode(),
		`Mobset said it handed out ${countQueued(promised, noun)}, but only ${read} could be read from its answer${cutOff ? ' (it was cut off)' : ''}: ${promised - read} cannot be fetched again.`,
		{
			description: `Any ${plural(noun)} that did arrive are in the output. Mobset returns each ${noun} only once, so the missing ones are lost; if this repeats, report it to Mobset support.`,
			httpCode: '200',
			failure: { cause: 'temporarily-unavailable' },
		},
	);
}

/**
 * One page of a queue Mobset hands out once (SmsGetReport, SmsGetRecv). Its Code is the number of
 * records handed out, so an answer holding fewer readable records than that means records left
 * the queue without reaching n8n: say so rather than carry on.
 */
async function fetchQueuePage(
	context: MobsetContext,
	method: 'SmsGetReport' | 'SmsGetRecv',
	noun: QueueNoun,
	settings: CallSettings,
): Promise<PageResult<MobsetError>> {
	const result = await callMobset(context, method, {}, settings);
	if (!result.ok) {
		const { promised, salvaged } = result;
		if (promised !== undefined && promised > salvaged.length) {
			return { ok: false, error: missingRecords(context, noun, promised, salvaged.length, true), salvaged };
		}
		return result;
	}
	const { code, details } = result.answer;
	if (code - details.length <= 0) return { ok: true, records: details };
	return { ok: false, error: missingRecords(context, noun, code, details.length, false), salvaged: details };
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
 * For the drain: a page of reports (or replies) that repeats the page before it. Mobset hands
 * each out once, so the answers are not fresh; the records were already output from the first page.
 */
function repeatedPage(context: MobsetContext, noun: QueueNoun): (records: number) => MobsetError {
	return (records) =>
		apiError(
			context.getNode(),
			`Mobset answered with the same ${countQueued(records, noun)} as the call before, so its answers are not fresh: fetching stopped. Those ${plural(noun)} are in the output once.`,
			{
				description: `Mobset hands out each ${noun} only once, so a repeated batch means something between n8n and Mobset (a caching proxy or gateway) answers in its place. Make sure the Base URL of the Mobset API credential reaches Mobset without a cache.`,
				httpCode: '200',
				failure: { cause: 'configuration-invalid' },
			},
		);
}

export const repeatedReportPage = (context: MobsetContext) => repeatedPage(context, 'report');

export const repeatedReplyPage = (context: MobsetContext) => repeatedPage(context, 'reply');

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
