// Every parameter the nodes read, read and checked here, and the bounds the descriptions display.
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { OUTCOME_FILTERS, type OutcomeFilter } from '../protocol/reports';
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

function wholeNumber(context: MobsetContext, value: unknown, field: string, min: number, max: number, description?: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new NodeOperationError(
			context.getNode(),
			`${field} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not ${String(value)}.`,
			description ? { description } : {},
		);
	}
	return value;
}

/** The Options collection both reports nodes share, with the defaults the UI shows. */
export function readReportOptions(context: MobsetContext): ReportOptions {
	const options = parameter(context, 'options', {}) as IDataObject;
	const outcome = OUTCOME_FILTERS.includes(options.outcome as OutcomeFilter) ? (options.outcome as OutcomeFilter) : 'all';
	const timeoutSeconds = Number(options.requestTimeout ?? REQUEST_TIMEOUT_SECONDS.default);
	return {
		outcome,
		includeRaw: options.includeRaw !== false,
		timeoutMs:
			Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
				? timeoutSeconds * 1000
				: REQUEST_TIMEOUT_SECONDS.default * 1000,
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
