// Every parameter the nodes read, read and checked here, and the bounds the descriptions display.
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TEMPLATE_TYPE_CODES, type TemplateType } from '../protocol/account';
import { parsePhoneNumbers } from '../protocol/phoneNumbers';
import { OUTCOME_FILTERS, type OutcomeFilter } from '../protocol/reports';
import {
	MAX_TEMPLATE_LENGTH,
	MAX_TEMPLATE_PARAM_LENGTH,
	MAX_TEMPLATE_PARAMS,
	MAX_TEXT_LENGTH,
	segmentsOf,
	textLength,
} from '../protocol/sending';
import { beijingTimeToIso, formatBeijingTime, instantOf } from '../protocol/signing';
import { operationError } from './errors';
import type { RedeliverAfter } from './handOff';
import type { MobsetContext } from './transport';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1_000_000;
export const DEFAULT_MAX_PER_POLL = 500;
export const MAX_PARALLEL_REQUESTS = 10;
export const REQUEST_TIMEOUT_SECONDS = { min: 1, max: 600, default: 30 } as const;
/**
 * A send that times out leaves unknown whether the message went out, and is never repeated, so
 * sends wait longer by default (Mobset's older guidance: more than 30 seconds).
 */
export const SEND_TIMEOUT_SECONDS_DEFAULT = 60;

/** Options both queues (reports, replies) share. */
export interface QueueOptions {
	includeRaw: boolean;
	timeoutMs: number;
	parallel: number;
	skipSeen: boolean;
}

export interface ReportOptions extends QueueOptions {
	outcome: OutcomeFilter;
}

const isExecute = (context: MobsetContext): context is IExecuteFunctions =>
	typeof (context as Partial<IExecuteFunctions>).getInputData === 'function';

/** A regular node reads its parameters for the first item: it runs once per execution, not per item. */
function parameter(context: MobsetContext, name: string, fallback: unknown): unknown {
	return isExecute(context)
		? context.getNodeParameter(name, 0, fallback)
		: (context as IPollFunctions).getNodeParameter(name, fallback);
}

/**
 * A number as n8n's number field or an expression hands it over: a number, or text holding one
 * (`{{ "100" }}`). `undefined` when it is neither.
 */
function numberFrom(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value.trim());
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	return undefined;
}

/** How a refused value is quoted back: text in quotes, so `"abc"` and an empty value are visible. */
const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value));

function wholeNumber(context: MobsetContext, value: unknown, field: string, min: number, max: number, description?: string): number {
	const number = numberFrom(value);
	if (number === undefined || !Number.isInteger(number) || number < min || number > max) {
		throw operationError(
			context.getNode(),
			`${field} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not ${shown(value)}.`,
			description ? { description } : {},
		);
	}
	return number;
}

/**
 * The Request Timeout in milliseconds. Fractions of a second are fine (rounded to whole
 * milliseconds: timers take no fractions); outside 1–600 s it is refused, whatever an expression
 * computed, because a timer beyond about 24 days fires at once and a huge one throws.
 */
function timeoutMs(context: MobsetContext, value: unknown, defaultSeconds: number = REQUEST_TIMEOUT_SECONDS.default): number {
	if (value === undefined || value === null || value === '') return defaultSeconds * 1000;
	const { min, max } = REQUEST_TIMEOUT_SECONDS;
	const seconds = numberFrom(value);
	if (seconds === undefined || seconds < min || seconds > max) {
		throw operationError(context.getNode(), `Request Timeout must be a number of seconds from ${min} to ${max}, not ${shown(value)}.`, {
			description: `Set Request Timeout (in Options) to how long to wait for each answer, or remove it to use ${defaultSeconds} seconds.`,
		});
	}
	return Math.round(seconds * 1000);
}

/** The Options collection of the nodes that read a queue (reports, replies), with the defaults the UI shows. */
export function readQueueOptions(context: MobsetContext): QueueOptions {
	const options = parameter(context, 'options', {}) as IDataObject;
	return {
		includeRaw: options.includeRaw !== false,
		timeoutMs: timeoutMs(context, options.requestTimeout),
		parallel: wholeNumber(context, options.parallelRequests ?? 1, 'Parallel Requests', 1, MAX_PARALLEL_REQUESTS),
		skipSeen: options.skipSeen === true,
	};
}

/** The Options collection both reports nodes share. */
export function readReportOptions(context: MobsetContext): ReportOptions {
	const options = parameter(context, 'options', {}) as IDataObject;
	const outcome = OUTCOME_FILTERS.includes(options.outcome as OutcomeFilter) ? (options.outcome as OutcomeFilter) : 'all';
	return { ...readQueueOptions(context), outcome };
}

/** Return All and Limit of a queue's Get Many: how many records one run may fetch (Infinity: all). */
export function readLimit(context: MobsetContext, records: 'reports' | 'replies'): number {
	if (parameter(context, 'returnAll', false) === true) return Infinity;
	return wholeNumber(
		context,
		parameter(context, 'limit', DEFAULT_LIMIT),
		'Limit',
		1,
		MAX_LIMIT,
		`Set Limit to how many ${records} to fetch at most, or turn on Return All.`,
	);
}

/** The triggers' Max Reports/Replies per Poll, as their descriptions show it and readMaxPerPoll reads it. */
export const MAX_PER_POLL_FIELD = {
	reports: { displayName: 'Max Reports per Poll', name: 'maxReportsPerPoll' },
	replies: { displayName: 'Max Replies per Poll', name: 'maxRepliesPerPoll' },
} as const;

/** How many records one poll of a trigger may fetch. */
export function readMaxPerPoll(context: MobsetContext, records: 'reports' | 'replies'): number {
	const { displayName, name } = MAX_PER_POLL_FIELD[records];
	return wholeNumber(context, parameter(context, name, DEFAULT_MAX_PER_POLL), displayName, 1, MAX_LIMIT);
}

export function readSplitByOutcome(context: MobsetContext): boolean {
	return parameter(context, 'splitByOutcome', false) === true;
}

export type TestRunBehavior = 'sample' | 'live';

export function readTestRunBehavior(context: MobsetContext): TestRunBehavior {
	return parameter(context, 'testRunBehavior', 'sample') === 'live' ? 'live' : 'sample';
}

/**
 * Confirmation Timeout of the triggers, in minutes. Up to a week: a longer wait would only hold
 * back the items of an execution n8n never reported on, and keep them in the static data meanwhile.
 */
export const CONFIRMATION_TIMEOUT_MINUTES = { min: 1, max: 7 * 24 * 60, default: 60 } as const;

/** The triggers' hand-off options (see handOff.ts): which failures bring items back, and how long to wait. */
export function readHandOffOptions(context: IPollFunctions): { redeliverAfter: RedeliverAfter; confirmationTimeoutMs: number } {
	const options = parameter(context, 'options', {}) as IDataObject;
	// Anything unknown takes the safer default.
	const redeliverAfter = options.redeliverAfter === 'lostExecution' ? 'lostExecution' : 'anyFailure';
	const { min, max, default: fallback } = CONFIRMATION_TIMEOUT_MINUTES;
	const minutes = wholeNumber(
		context,
		options.confirmationTimeout ?? fallback,
		'Confirmation Timeout (Minutes)',
		min,
		max,
		`Set Confirmation Timeout (in Options) to how long your workflow's longest run may take, or remove it to wait ${fallback} minutes.`,
	);
	return { redeliverAfter, confirmationTimeoutMs: minutes * 60_000 };
}

// ---- The Mobset SMS node: parameters read per input item ----------------------------------

function refuse(context: IExecuteFunctions, item: number, message: string, description: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex: item, description });
}

const quoteList = (values: string[], max = 5) =>
	values
		.slice(0, max)
		.map((value) => JSON.stringify(value))
		.join(', ') + (values.length > max ? ` and ${values.length - max} more` : '');

function itemOptions(context: IExecuteFunctions, item: number): IDataObject {
	return (context.getNodeParameter('options', item, {}) as IDataObject) ?? {};
}

/** Phone Numbers of one item: every number readable, at least one, each once. */
export function readPhoneNumbers(context: IExecuteFunctions, item: number): string[] {
	const raw = context.getNodeParameter('phoneNumbers', item, '') as unknown;
	const { numbers, rejected } = parsePhoneNumbers(raw);
	const hint =
		'Enter 11-digit mainland China mobile numbers separated by commas, semicolons, spaces or new lines; +86 and dashes are fine.';
	if (rejected.length > 0) {
		refuse(
			context,
			item,
			`Phone Numbers of item ${item} contains ${quoteList(rejected)}, which ${rejected.length === 1 ? 'is not a mobile number' : 'are not mobile numbers'}. Nothing was sent.`,
			hint,
		);
	}
	if (numbers.length === 0) refuse(context, item, `Phone Numbers of item ${item} is empty. Nothing was sent.`, hint);
	return numbers;
}

/**
 * Send At of one item as Mobset's `YYYY-MM-DD HH:MM:SS` Beijing time, or `undefined` to send now.
 * A time without an offset (what the date picker stores) is in the workflow's time zone.
 */
function readScheduledTime(context: IExecuteFunctions, item: number, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const zone = context.getTimezone();
	const instant = instantOf(value, zone);
	if (!instant) {
		refuse(
			context,
			item,
			`Send At of item ${item} (${JSON.stringify(value)}) is not a date and time. Nothing was sent.`,
			`Pick a date and time, or use an expression giving an ISO 8601 date-time such as 2026-12-24T09:00:00; without an offset it is read in the workflow's time zone (${zone}).`,
		);
	}
	// A minute of grace for a time computed as "now": such a message simply goes out at once.
	const now = Date.now();
	if (instant.getTime() < now - 60_000) {
		refuse(
			context,
			item,
			`Send At of item ${item} (${beijingTimeToIso(formatBeijingTime(instant))}) is in the past. Nothing was sent.`,
			'Choose a time in the future, or clear Send At to send now.',
		);
	}
	return instant.getTime() <= now ? undefined : formatBeijingTime(instant);
}

/** One item of Message → Send. */
export interface SmsMessage {
	item: number;
	numbers: string[];
	content: string;
	longSms: boolean;
	/** TimerSend, Beijing time; absent: send now. */
	timer?: string;
	segments: number;
}

export function readSmsMessage(context: IExecuteFunctions, item: number): SmsMessage {
	const numbers = readPhoneNumbers(context, item);
	const raw = context.getNodeParameter('message', item, '') as unknown;
	const content = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
	if (!content.trim()) refuse(context, item, `The message of item ${item} is empty. Nothing was sent.`, 'Enter the text to send.');
	const length = textLength(content);
	if (length > MAX_TEXT_LENGTH) {
		refuse(
			context,
			item,
			`The message of item ${item} is ${length} characters long; Mobset takes at most ${MAX_TEXT_LENGTH}. Nothing was sent.`,
			'Shorten the text, or send it as two messages.',
		);
	}
	const options = itemOptions(context, item);
	const longSms = options.longSms !== false;
	const timer = readScheduledTime(context, item, options.sendAt);
	return { item, numbers, content, longSms, ...(timer ? { timer } : {}), segments: segmentsOf(content, longSms) };
}

/** One item of Message → Send with Template. */
export interface TemplateMessage {
	item: number;
	numbers: string[];
	templateId: string;
	/** `param1`..`param9` as given. */
	params: Record<string, string>;
	timer?: string;
}

export function readTemplateMessage(context: IExecuteFunctions, item: number): TemplateMessage {
	const numbers = readPhoneNumbers(context, item);
	const templateId = String(context.getNodeParameter('templateId', item, '') ?? '').trim();
	if (!templateId) {
		refuse(context, item, `Template ID of item ${item} is empty. Nothing was sent.`, 'Enter the ID Mobset gave the template (Template → Get Many lists them).');
	}
	const given = (context.getNodeParameter('templateParameters', item, {}) as IDataObject) ?? {};
	const params: Record<string, string> = {};
	for (let index = 1; index <= MAX_TEMPLATE_PARAMS; index++) {
		const value = given[`param${index}`];
		if (value === undefined || value === null) continue;
		const text = typeof value === 'string' ? value : String(value);
		const length = textLength(text);
		if (length > MAX_TEMPLATE_PARAM_LENGTH) {
			refuse(
				context,
				item,
				`Parameter {${index}} of item ${item} is ${length} characters long; Mobset takes at most ${MAX_TEMPLATE_PARAM_LENGTH} per parameter. Nothing was sent.`,
				'Shorten the value, or move the fixed part of the text into the template.',
			);
		}
		params[`param${index}`] = text;
	}
	const timer = readScheduledTime(context, item, itemOptions(context, item).sendAt);
	return { item, numbers, templateId, params, ...(timer ? { timer } : {}) };
}

/** Settings of a send run, read once: they shape the calls, not one item. */
export interface SendSettings {
	timeoutMs: number;
	includeRaw: boolean;
	/** Whether items with the same message share calls. */
	combine: boolean;
}

export function readSendSettings(context: IExecuteFunctions): SendSettings {
	const options = itemOptions(context, 0);
	return {
		timeoutMs: timeoutMs(context, options.requestTimeout, SEND_TIMEOUT_SECONDS_DEFAULT),
		includeRaw: options.includeRaw !== false,
		combine: options.combineIdentical !== false,
	};
}

/** Request Timeout of the single-call operations (account, templates). */
export function readCallTimeoutMs(context: IExecuteFunctions): number {
	return timeoutMs(context, itemOptions(context, 0).requestTimeout);
}

export interface NewTemplate {
	TemplateType: (typeof TEMPLATE_TYPE_CODES)[TemplateType];
	TemplateName: string;
	TemplateContent: string;
	Remark: string;
}

export function readNewTemplate(context: IExecuteFunctions, item: number): NewTemplate {
	const text = (name: string) => String(context.getNodeParameter(name, item, '') ?? '');
	const type = TEMPLATE_TYPE_CODES[text('templateType') === 'marketing' ? 'marketing' : 'notification'];
	const name = text('templateName').trim();
	const content = text('templateContent');
	const remark = text('remark').trim();
	if (!name) refuse(context, item, `Template Name of item ${item} is empty.`, 'Give the template a name for your own records.');
	if (!content.trim()) refuse(context, item, `Template Content of item ${item} is empty.`, 'Enter the text, with {1}, {2}... where the parameters go.');
	const length = textLength(content);
	if (length > MAX_TEMPLATE_LENGTH) {
		refuse(
			context,
			item,
			`Template Content of item ${item} is ${length} characters long; Mobset takes at most ${MAX_TEMPLATE_LENGTH}.`,
			'Shorten the template text.',
		);
	}
	if (!remark) refuse(context, item, `Remark of item ${item} is empty.`, 'Mobset reviews every template: say what it is for and where it is used.');
	return { TemplateType: type, TemplateName: name, TemplateContent: content, Remark: remark };
}

export function readTemplateId(context: IExecuteFunctions, item: number): string {
	const templateId = String(context.getNodeParameter('templateId', item, '') ?? '').trim();
	if (!templateId) refuse(context, item, `Template ID of item ${item} is empty.`, 'Enter the ID Mobset gave the template.');
	return templateId;
}

/** Return All / Limit of a Get Many that reads a list, per item. */
export function readItemLimit(context: IExecuteFunctions, item: number): number {
	if (context.getNodeParameter('returnAll', item, false) === true) return Infinity;
	return wholeNumber(context, context.getNodeParameter('limit', item, DEFAULT_LIMIT), 'Limit', 1, MAX_LIMIT);
}
