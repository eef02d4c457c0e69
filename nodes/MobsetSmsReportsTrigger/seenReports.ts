import type { IDataObject } from 'n8n-workflow';

import type { ReportItem } from '../protocol/reports';

/** Bounded so that workflow static data, saved after every poll, stays small. */
export const SEEN_HISTORY_LIMIT = 10_000;

const reportKey = (item: ReportItem) => `${item.smsId}:${item.statusCode ?? ''}`;

/**
 * Drops reports this trigger already output, and records the new ones in the workflow static data.
 * Only called from inside `poll()`: n8n persists static data when the poll hands its items over.
 */
export function skipSeenReports(staticData: IDataObject, items: ReportItem[]): ReportItem[] {
	const history = Array.isArray(staticData.seenReports) ? (staticData.seenReports as string[]) : [];
	const seen = new Set(history);
	const fresh: ReportItem[] = [];
	for (const item of items) {
		const key = reportKey(item);
		if (seen.has(key)) continue;
		seen.add(key);
		history.push(key);
		fresh.push(item);
	}
	staticData.seenReports = history.length > SEEN_HISTORY_LIMIT ? history.slice(-SEEN_HISTORY_LIMIT) : history;
	return fresh;
}
