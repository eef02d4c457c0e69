// What the polling triggers share: their node type's fixed parts, the check before a sample,
// one poll's drain, n8n's poll deadline, and the memory of items already output.
import type { IDataObject, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { MobsetRecord } from '../protocol/answer';
import { drainPages, type PageResult } from '../protocol/drain';
import { redact, type MobsetError } from './errors';
import { getBalance, readCredential, type CallSettings, type MobsetContext } from './transport';

/**
 * What every Mobset polling trigger's description says alike (n8n's lint wants the icon written in
 * each class itself).
 */
export const pollingTriggerBase = {
	group: ['trigger'],
	version: 1,
	polling: true,
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'mobsetApi', required: true }],
} satisfies Partial<INodeTypeDescription>;

/**
 * What a sample test run checks before it returns the sample, so that settings which would fail
 * every poll of the published workflow fail the test run instead, with the same error: the
 * parameters (read by the caller first), then the credential with SmsGetBalance, the Test button's
 * call. It is read-only: nothing leaves a queue, where a poll's SmsGetReport would take reports.
 */
export async function checkCredentialForSample(context: IPollFunctions, timeoutMs: number): Promise<void> {
	const credential = await readCredential(context);
	const result = await getBalance(context, { credential, timeoutMs });
	if (!result.ok) throw result.error;
}

/** n8n 2.x may give a poll a deadline; older versions do not have the method at all. */
export function pollBudget(context: IPollFunctions): (() => number | undefined) | undefined {
	const getBudget = (context as Partial<IPollFunctions>).getPollBudgetMs;
	if (typeof getBudget !== 'function') return undefined;
	const started = Date.now();
	const budget = getBudget.call(context);
	if (!Number.isFinite(budget) || budget <= 0) return undefined;
	return () => budget - (Date.now() - started);
}

/** Bounded so that workflow static data, saved after every poll, stays small. */
export const SEEN_HISTORY_LIMIT = 10_000;

/**
 * Drops entries this trigger already output (by `keyOf`), and records the new ones under `field`
 * of the workflow static data. Only called from inside `poll()`: n8n persists static data when
 * the poll hands its items over.
 */
export function skipSeen<T>(staticData: IDataObject, field: string, entries: T[], keyOf: (entry: T) => string): T[] {
	const history = Array.isArray(staticData[field]) ? (staticData[field] as string[]) : [];
	const seen = new Set(history);
	const fresh: T[] = [];
	for (const entry of entries) {
		const key = keyOf(entry);
		if (seen.has(key)) continue;
		seen.add(key);
		history.push(key);
		fresh.push(entry);
	}
	staticData[field] = history.length > SEEN_HISTORY_LIMIT ? history.slice(-SEEN_HISTORY_LIMIT) : history;
	return fresh;
}

/** A queue a trigger drains: SmsGetReport's or SmsGetRecv's. */
export interface PolledQueue {
	/** The trigger's name, for its log lines. */
	trigger: string;
	/** What the queue holds (plural), for its log lines. */
	records: 'reports' | 'replies';
	fetchPage: (context: MobsetContext, settings: CallSettings) => Promise<PageResult<MobsetError>>;
	repeatedPage: (context: MobsetContext) => (records: number) => MobsetError;
}

/**
 * One poll's drain: up to `maxRecords`, within n8n's poll deadline. A failure before anything was
 * fetched fails the poll; after that, what was fetched has left Mobset's queue, so it is handed
 * over and the failure only logged: the next poll starts again.
 */
export async function drainForPoll(
	context: IPollFunctions,
	queue: PolledQueue,
	maxRecords: number,
	options: { timeoutMs: number; parallel: number },
): Promise<MobsetRecord[]> {
	const credential = await readCredential(context);
	const drained = await drainPages({
		maxRecords,
		fetchPage: async () => await queue.fetchPage(context, { credential, timeoutMs: options.timeoutMs }),
		repeatedPage: queue.repeatedPage(context),
		budgetLeftMs: pollBudget(context),
		parallel: options.parallel,
	});
	if (drained.error) {
		if (drained.records.length === 0) throw drained.error;
		context.logger.error(
			redact(
				`${queue.trigger}: a request failed after ${drained.records.length} ${queue.records} were fetched; they are handed over and the next poll starts again. ${drained.error.message}`,
			),
		);
	}
	return drained.records;
}
