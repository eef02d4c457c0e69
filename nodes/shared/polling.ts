// What the polling triggers share: the check before a sample, n8n's poll deadline, and the memory
// of items already output.
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { getBalance, readCredential } from './transport';

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
