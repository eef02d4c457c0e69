import type { IDataObject } from 'n8n-workflow';

import type { CallResult, MobsetError } from './transport';

/** SmsGetReport hands out at most this many reports per call. */
export const PAGE_SIZE = 50;

export interface DrainOptions {
	/** Stop before a call that could take the total past this; Infinity drains the queue. */
	maxReports: number;
	fetchPage: () => Promise<CallResult>;
	/** Milliseconds left for this run, when the host sets a deadline (n8n's poll budget). */
	budgetLeftMs?: () => number | undefined;
}

export interface DrainResult {
	reports: IDataObject[];
	calls: number;
	/** Set when a call failed; `reports` still holds everything fetched before and recovered from it. */
	error?: MobsetError;
	stoppedBy: 'empty' | 'limit' | 'budget' | 'error';
}

/**
 * Calls SmsGetReport until a call returns a short page (the queue is empty), the limit is reached,
 * the time budget runs short, or a call fails. Every call removes its reports from the service,
 * so everything fetched is returned, including when a later call fails.
 */
export async function drainReports({ maxReports, fetchPage, budgetLeftMs }: DrainOptions): Promise<DrainResult> {
	const reports: IDataObject[] = [];
	let calls = 0;
	let slowestCallMs = 0;
	for (;;) {
		// A page can hold up to PAGE_SIZE reports and cannot be asked for fewer: calling when less
		// room is left would fetch reports the caller would then have to drop.
		if (calls > 0 && reports.length + PAGE_SIZE > maxReports) {
			return { reports, calls, stoppedBy: 'limit' };
		}
		const budget = budgetLeftMs?.();
		if (calls > 0 && budget !== undefined && budget < slowestCallMs * 2) {
			return { reports, calls, stoppedBy: 'budget' };
		}
		const started = Date.now();
		const result = await fetchPage();
		calls++;
		slowestCallMs = Math.max(slowestCallMs, Date.now() - started);
		if (!result.ok) {
			for (const report of result.salvaged) reports.push(report);
			return { reports, calls, error: result.error, stoppedBy: 'error' };
		}
		const page = result.envelope.details;
		for (const report of page) reports.push(report);
		if (page.length < PAGE_SIZE) {
			return { reports, calls, stoppedBy: 'empty' };
		}
	}
}
