// Every parameter the nodes read, read and checked here, and the bounds the descriptions display.
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { OUTCOME_FILTERS, type OutcomeFilter } from '../protocol/reports';
import { operationError } from './errors';
import type { MobsetContext } from './transport';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1_000_000;
export const DEFAULT_MAX_REPORTS_PER_POLL = 500;
export const MAX_PARALLEL_REQUESTS = 10;
export const REQUEST_TIMEOUT_SECONDS = { min: 1, max: 600, default: 30 } as const;

export interface ReportOptions {
	outcome: OutcomeFilter;
	includeRaw: boolean;
	timeoutMs: number;
	parallel: number;
	skipSeen: boolean;
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
function timeoutMs(context: MobsetContext, value: unknown): number {
	if (value === undefined || value === null || value === '') return REQUEST_TIMEOUT_SECONDS.default * 1000;
	const { min, max } = REQUEST_TIMEOUT_SECONDS;
	const seconds = numberFrom(value);
	if (seconds === undefined || seconds < min || seconds > max) {
		throw operationError(context.getNode(), `Request Timeout must be a number of seconds from ${min} to ${max}, not ${shown(value)}.`, {
			description: `Set Request Timeout (in Options) to how long to wait for each answer, or remove it to use ${REQUEST_TIMEOUT_SECONDS.default} seconds.`,
		});
	}
	return Math.round(seconds * 1000);
}

/** The Options collection both reports nodes share, with the defaults the UI shows. */
export function readReportOptions(context: MobsetContext): ReportOptions {
	const options = parameter(context, 'options', {}) as IDataObject;
	const outcome = OUTCOME_FILTERS.includes(options.outcome as OutcomeFilter) ? (options.outcome as OutcomeFilter) : 'all';
	return {
		outcome,
		includeRaw: options.includeRaw !== false,
		timeoutMs: timeoutMs(context, options.requestTimeout),
		parallel: wholeNumber(context, options.parallelRequests ?? 1, 'Parallel Requests', 1, MAX_PARALLEL_REQUESTS),
		skipSeen: options.skipSeen === true,
	};
}

/** The node's Return All and Limit: how many reports one run may fetch (Infinity: all). */
export function readLimit(context: MobsetContext): number {
	if (parameter(context, 'returnAll', false) === true) return Infinity;
	return wholeNumber(
		context,
		parameter(context, 'limit', DEFAULT_LIMIT),
		'Limit',
		1,
		MAX_LIMIT,
		'Set Limit to how many reports to fetch at most, or turn on Return All.',
	);
}

export function readMaxReportsPerPoll(context: MobsetContext): number {
	return wholeNumber(
		context,
		parameter(context, 'maxReportsPerPoll', DEFAULT_MAX_REPORTS_PER_POLL),
		'Max Reports per Poll',
		1,
		MAX_LIMIT,
	);
}

export function readSplitByOutcome(context: MobsetContext): boolean {
	return parameter(context, 'splitByOutcome', false) === true;
}

export type TestRunBehavior = 'sample' | 'live';

export function readTestRunBehavior(context: MobsetContext): TestRunBehavior {
	return parameter(context, 'testRunBehavior', 'sample') === 'live' ? 'live' : 'sample';
}
