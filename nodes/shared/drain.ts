import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallResult, MobsetError } from './transport';

/** SmsGetReport hands out at most this many reports per call. */
export const PAGE_SIZE = 50;

/** The most SmsGetReport calls the Parallel Requests option lets run at once. */
export const MAX_PARALLEL_REQUESTS = 10;

export interface DrainOptions {
	/** Stop before a call that could take the total past this; Infinity drains the queue. */
	maxReports: number;
	fetchPage: () => Promise<CallResult>;
	/** Milliseconds left for this run, when the host sets a deadline (n8n's poll budget). */
	budgetLeftMs?: () => number | undefined;
	/** Calls in flight at once while a backlog lasts (the Parallel Requests option; default 1). */
	parallel?: number;
}

export interface DrainResult {
	reports: IDataObject[];
	calls: number;
	/** Set when a call failed; `reports` still holds everything fetched before and recovered from it. */
	error?: MobsetError;
	stoppedBy: 'empty' | 'limit' | 'budget' | 'error';
}

/** One finished call; `thrown` only if `fetchPage` broke its promise never to throw. */
interface Settled {
	index: number;
	result?: CallResult;
	thrown?: unknown;
	ms: number;
}

/**
 * Calls SmsGetReport until a call returns a short page (the queue is empty), the limit is reached,
 * the time budget runs short, or a call fails. Every call removes its reports from the service,
 * so everything fetched is returned, including when a later call fails.
 *
 * With `parallel` above 1, up to that many calls are in flight at once, but only after a full
 * page has shown there is a backlog, so a poll of a near-empty queue still costs one call. The
 * rules stay those of one call at a time: a call is only made if every call then in flight could
 * bring a full page without passing the limit; after a short page or an error no new call starts,
 * but the calls already in flight are awaited and all they brought is kept; reports come out in
 * the order the calls were made.
 */
export async function drainReports({ maxReports, fetchPage, budgetLeftMs, parallel = 1 }: DrainOptions): Promise<DrainResult> {
	const pages: IDataObject[][] = [];
	const inFlight = new Map<number, Promise<Settled>>();
	let calls = 0;
	let received = 0;
	let slowestCallMs = 0;
	let width = 1;
	let finished: 'empty' | 'error' | undefined;
	let error: { index: number; error: MobsetError } | undefined;
	let thrown: { index: number; thrown: unknown } | undefined;

	// A page can hold up to PAGE_SIZE reports and cannot be asked for fewer: calling when less
	// room is left would fetch reports the caller would then have to drop.
	const roomFor = (callsInFlight: number) => calls === 0 || received + callsInFlight * PAGE_SIZE <= maxReports;
	const budgetAllows = () => {
		const budget = calls === 0 ? undefined : budgetLeftMs?.();
		return budget === undefined || budget >= slowestCallMs * 2;
	};

	const start = () => {
		const index = calls++;
		const started = Date.now();
		const settle = (outcome: Omit<Settled, 'index' | 'ms'>): Settled => ({ index, ms: Date.now() - started, ...outcome });
		inFlight.set(
			index,
			fetchPage().then(
				(result) => settle({ result }),
				(failure: unknown) => settle({ thrown: failure }),
			),
		);
	};

	for (;;) {
		while (!finished && inFlight.size < width && roomFor(inFlight.size + 1) && budgetAllows()) start();
		if (inFlight.size === 0) break;

		const settled = await Promise.race(inFlight.values());
		inFlight.delete(settled.index);
		slowestCallMs = Math.max(slowestCallMs, settled.ms);
		const { result, index } = settled;
		if (!result) {
			if (!thrown || index < thrown.index) thrown = { index, thrown: settled.thrown };
			finished = 'error';
			continue;
		}
		const page = result.ok ? result.envelope.details : result.salvaged;
		pages[index] = page;
		received += page.length;
		if (!result.ok) {
			// Of several failures, the earliest call's explains what happened first.
			if (!error || index < error.index) error = { index, error: result.error };
			finished = 'error';
		} else if (page.length < PAGE_SIZE) {
			finished ??= 'empty';
		} else {
			width = Math.max(1, parallel);
		}
	}

	if (thrown) throw thrown.thrown;
	const reports: IDataObject[] = [];
	for (const page of pages) if (page) for (const report of page) reports.push(report);
	if (error) return { reports, calls, error: error.error, stoppedBy: 'error' };
	const stoppedBy = finished ?? (roomFor(1) ? 'budget' : 'limit');
	return { reports, calls, stoppedBy };
}

/** Reads the Parallel Requests option (absent: 1), refusing what the field itself would refuse. */
export function readParallelRequests(node: INode, options: IDataObject): number {
	const value = options.parallelRequests ?? 1;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PARALLEL_REQUESTS) {
		throw new NodeOperationError(
			node,
			`Parallel Requests must be a whole number from 1 to ${MAX_PARALLEL_REQUESTS}, not ${String(value)}.`,
		);
	}
	return value;
}
