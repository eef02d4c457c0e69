import { CODES, type Failure } from './codes';
import type { Fields } from './fields';
import { parseBeijingDateTime } from './time';
import type { RawTemplate } from './types';

/**
 * The checks the reference names for SmsSend, TemplateSendSms and TemplateAdd, each a pure
 * reading of the request: it yields what to send (or store), or the Failure to answer.
 */

/** Numbers per call; the provider warns that more risk a time-out and a repeated send. */
export const MAX_NUMBERS = 50;
/** Characters of Content (counted as a person counts them: code points, not UTF-16 units). */
export const MAX_CONTENT = 900;
/** A text up to this long is one segment... */
export const SINGLE_SEGMENT = 70;
/** ...and above it, long SMS parts carry this many characters each. */
export const LONG_SEGMENT = 67;
export const MAX_PARAMS = 9;
export const MAX_PARAM_LENGTH = 30;
export const MAX_TEMPLATE = 500;

const MOBILE = /^(?:\+?86)?(1\d{10})$/;
const PARAM = /^param(\d+)$/i;
const PLACEHOLDER = /\{([^{}]*)\}/g;

export type Get = (name: string) => string | undefined;

/** What a send call asks for, once every check passed. */
export interface SendOrder {
	numbers: string[];
	content: string;
	/** Per number. */
	segments: number;
	longSms: boolean;
	timer?: string;
	/** Epoch ms of `timer`. */
	sendAt?: number;
	addNum?: string;
	templateId?: string;
	params?: Record<string, string>;
}

export const isFailure = (value: object): value is Failure => 'code' in value && 'message' in value;

const length = (text: string) => [...text].length;

export function segmentsOf(text: string, longSms: boolean): number {
	const n = length(text);
	if (n <= SINGLE_SEGMENT) return 1;
	// Without long SMS every part carries its own signature, so parts stay at the single size.
	return Math.ceil(n / (longSms ? LONG_SEGMENT : SINGLE_SEGMENT));
}

/** The 11-digit mobile number, without a `+86`/`86` prefix (how failure rules compare numbers). */
export function bareNumber(number: string): string {
	return MOBILE.exec(number)?.[1] ?? number;
}

/** ASCII-comma separated, as the reference says; blanks between commas are skipped. */
function numbersIn(list: string): string[] | Failure {
	const numbers = list
		.split(',')
		.map((n) => n.trim())
		.filter((n) => n !== '');
	if (numbers.length === 0) return CODES.missingField;
	if (numbers.length > MAX_NUMBERS) return CODES.tooManyNumbers;
	if (!numbers.every((n) => MOBILE.test(n))) return CODES.badPhoneNumber;
	return numbers;
}

/** Empty means "send now"; anything else must be `YYYY-MM-DD HH:MM:SS` (Beijing). */
function timerIn(text: string | undefined): { timer?: string; sendAt?: number } | Failure {
	if (text === undefined || text.trim() === '') return {};
	const sendAt = parseBeijingDateTime(text);
	return sendAt === undefined ? CODES.badTimer : { timer: text.trim(), sendAt };
}

export function readSmsSend(get: Get): SendOrder | Failure {
	const list = get('PhoneNumbers');
	const content = get('Content');
	if (!list || !content) return CODES.missingField;
	const numbers = numbersIn(list);
	if (isFailure(numbers)) return numbers;
	if (length(content) > MAX_CONTENT) return CODES.contentTooLong;
	const timer = timerIn(get('TimerSend'));
	if (isFailure(timer)) return timer;
	// Long SMS is the default; only `0` turns it off.
	const longSms = get('LongSms') !== '0';
	return { numbers, content, segments: segmentsOf(content, longSms), longSms, ...timer, addNum: get('AddNum') || undefined };
}

/**
 * `param1`..`param9` (the sample request writes `Param1`): names are matched without regard to
 * case whatever the caseInsensitiveFieldNames switch says, since the reference itself mixes them.
 */
export function readTemplateSend(get: Get, fields: Fields, find: (id: string) => RawTemplate | undefined): SendOrder | Failure {
	const templateId = get('TemplateID');
	const list = get('Mobiles');
	if (!templateId || !list) return CODES.missingField;
	const numbers = numbersIn(list);
	if (isFailure(numbers)) return numbers;
	const params: Record<string, string> = {};
	for (const [name, value] of fields.matching(PARAM)) params[String(Number(PARAM.exec(name)?.[1]))] = value;
	const indexes = Object.keys(params).map(Number);
	if (indexes.length > MAX_PARAMS || indexes.some((i) => i < 1 || i > MAX_PARAMS)) return CODES.tooManyParams;
	if (Object.values(params).some((value) => length(value) > MAX_PARAM_LENGTH)) return CODES.paramTooLong;
	const template = find(templateId);
	if (!template) return CODES.unknownTemplate;
	if (template.status !== '1') return CODES.templateNotApproved;
	let missing = false;
	const content = template.templateContent.replace(PLACEHOLDER, (_, n: string) => {
		if (params[n] === undefined) missing = true;
		return params[n] ?? '';
	});
	if (missing) return CODES.missingField;
	if (length(content) > MAX_CONTENT) return CODES.contentTooLong;
	const timer = timerIn(get('Timer'));
	if (isFailure(timer)) return timer;
	return {
		numbers,
		content,
		segments: segmentsOf(content, true),
		longSms: true,
		...timer,
		addNum: get('AddNum') || undefined,
		templateId,
		params,
	};
}

export type TemplateRequest = Pick<RawTemplate, 'templateType' | 'templateName' | 'templateContent' | 'remark'>;

export function readTemplateAdd(get: Get): TemplateRequest | Failure {
	const templateType = get('TemplateType');
	const templateName = get('TemplateName');
	const templateContent = get('TemplateContent');
	const remark = get('Remark');
	if (!templateType || !templateName || !templateContent || !remark) return CODES.missingField;
	if (templateType !== '1' && templateType !== '2') return CODES.badTemplateType;
	if (length(templateContent) > MAX_TEMPLATE) return CODES.templateTooLong;
	for (const [, inside] of templateContent.matchAll(PLACEHOLDER)) {
		if (!/^[1-9]$/.test(inside)) return CODES.badPlaceholder;
	}
	return { templateType, templateName, templateContent, remark };
}
