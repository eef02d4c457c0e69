// Sending (SmsSend, TemplateSendSms): Mobset's limits, how items become calls, and how a send
// answer is matched back to the numbers of its call.
import { fieldOf, type Answer, type MobsetRecord } from './answer';
import { sameNumberKey } from './phoneNumbers';
import { asText } from './reports';

/** Numbers per call: Mobset warns that more risk a time-out, after which a retry sends twice. */
export const MAX_NUMBERS_PER_CALL = 50;
/** Characters of one message's text. */
export const MAX_TEXT_LENGTH = 900;
/** A text up to this long goes out as one ordinary SMS, even with Long SMS on. */
export const SINGLE_SMS_LENGTH = 70;
/** Above it, each part of a long SMS carries this many characters. */
export const LONG_SMS_PART_LENGTH = 67;
/** Template parameters param1..param9, each this long at most ("may change with policy"). */
export const MAX_TEMPLATE_PARAMS = 9;
export const MAX_TEMPLATE_PARAM_LENGTH = 30;
/** TemplateAdd's TemplateContent. */
export const MAX_TEMPLATE_LENGTH = 500;

/** Characters as a person counts them (a Chinese character or an emoji is one), not UTF-16 units. */
export function textLength(text: string): number {
	return [...text].length;
}

/** How many SMS a text takes per number, which is what Mobset charges. */
export function segmentsOf(text: string, longSms: boolean): number {
	const length = textLength(text);
	if (length <= SINGLE_SMS_LENGTH) return 1;
	// Without Long SMS every part carries its own signature and stays at the single size.
	return Math.ceil(length / (longSms ? LONG_SMS_PART_LENGTH : SINGLE_SMS_LENGTH));
}

/** One number of one input item. */
export interface Recipient {
	/** Index of the input item the number came from. */
	item: number;
	phoneNumber: string;
}

/** What one input item asks to send; `group` is the same for items whose message and settings are identical. */
export interface SendRequest {
	item: number;
	numbers: string[];
	group: string;
}

export interface PlannedCall {
	group: string;
	recipients: Recipient[];
}

/**
 * Turns items into calls. Items of one group share calls, up to 50 numbers each, so a message to
 * 10,000 customers on 10,000 items costs 200 calls. A call never holds the same number twice (two
 * customers sharing a phone get two messages, in two calls), so each number of an answer names
 * exactly one recipient.
 */
export function planSendCalls(requests: SendRequest[]): PlannedCall[] {
	const groups = new Map<string, PlannedCall[]>();
	const order: PlannedCall[] = [];
	for (const request of requests) {
		let calls = groups.get(request.group);
		if (!calls) groups.set(request.group, (calls = []));
		for (const phoneNumber of request.numbers) {
			let call = calls.find(
				(open) => open.recipients.length < MAX_NUMBERS_PER_CALL && !open.recipients.some((r) => r.phoneNumber === phoneNumber),
			);
			if (!call) {
				call = { group: request.group, recipients: [] };
				calls.push(call);
				order.push(call);
			}
			call.recipients.push({ item: request.item, phoneNumber });
		}
	}
	return order;
}

export interface AcceptedNumber {
	phoneNumber: string;
	smsId: string;
	/** The answer's entry for this number. */
	record: MobsetRecord;
}

/**
 * What a send answer says about each number of its call.
 * - `matched`: every entry names one of the call's numbers and an SmsId. Numbers without an
 *   entry were not accepted, unless the answer's Code counts more acceptances than it lists: then
 *   their fate is unknown.
 * - `unmatched`: the answer cannot be tied to the numbers without guessing (no entries, entries
 *   without a number, numbers that were not sent); `reason` says why.
 */
export type SendMatch =
	| { kind: 'matched'; accepted: AcceptedNumber[]; notAccepted: string[]; unknown: string[] }
	| { kind: 'unmatched'; reason: string };

/** The send answer's own spellings, then those of older generations (SOAP `Mobile`, `SmsID`). */
const PHONE_FIELDS = ['PhoneNumber', 'Mobile', 'Phone', 'PhoneNumbers', 'Mobiles'];

function phoneOf(record: MobsetRecord): string {
	for (const name of PHONE_FIELDS) {
		const value = asText(fieldOf(record, name));
		if (value) return value;
	}
	return '';
}

export function matchSendAnswer(numbers: string[], answer: Answer): SendMatch {
	// A lone id beside Code (no Details) is one plausible shape for a one-number send.
	const entries = answer.details.length > 0 ? answer.details : asText(fieldOf(answer.body, 'SmsId')) ? [answer.body] : [];
	if (entries.length === 0) return { kind: 'unmatched', reason: 'the answer lists no SmsIds' };

	if (numbers.length === 1 && entries.length === 1) {
		const smsId = asText(fieldOf(entries[0], 'SmsId'));
		const phone = phoneOf(entries[0]);
		if (smsId && (!phone || sameNumberKey(phone) === numbers[0])) {
			return { kind: 'matched', accepted: [{ phoneNumber: numbers[0], smsId, record: entries[0] }], notAccepted: [], unknown: [] };
		}
	}

	const pending = new Set(numbers);
	const accepted: AcceptedNumber[] = [];
	for (const record of entries) {
		const smsId = asText(fieldOf(record, 'SmsId'));
		const phone = phoneOf(record);
		if (!smsId) return { kind: 'unmatched', reason: 'an entry of the answer has no SmsId' };
		if (!phone) return { kind: 'unmatched', reason: 'an entry of the answer does not say which phone number it is for' };
		const phoneNumber = sameNumberKey(phone);
		if (!pending.has(phoneNumber)) {
			return {
				kind: 'unmatched',
				reason: numbers.includes(phoneNumber)
					? `the answer lists ${phone} twice`
					: `the answer lists ${phone}, which was not in the call`,
			};
		}
		pending.delete(phoneNumber);
		accepted.push({ phoneNumber, smsId, record });
	}
	const missing = numbers.filter((number) => pending.has(number));
	// Code counts the numbers accepted (as SmsGetReport's counts the reports handed out): a Code
	// above the entries listed means some acceptances are not in the answer.
	const countedMore = answer.code > accepted.length && answer.code <= numbers.length;
	return countedMore
		? { kind: 'matched', accepted, notAccepted: [], unknown: missing }
		: { kind: 'matched', accepted, notAccepted: missing, unknown: [] };
}
