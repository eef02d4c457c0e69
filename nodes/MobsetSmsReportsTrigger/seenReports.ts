import type { IDataObject } from 'n8n-workflow';

import type { ReportItem } from '../protocol/reports';

/** Bounded so that workflow static data, saved after every poll, stays small. */
export const SEEN_HISTORY_LIMIT = 10_000;

/** Added to a report that could not be checked, so the workflow can see it too. */
export const UNCHECKED_NOTE =
	'This report has no readable SMS ID, so Skip Reports Already Seen could not check it: it is output even if Mobset sent it before.';

/** A report's identity, or `undefined` when it has none: two reports without an id are not "the same". */
const reportKey = (item: ReportItem) => (item.smsId ? `${item.smsId}:${item.statusCode ?? ''}` : undefined);

export interface SkipResult {
	fresh: ReportItem[];
	/** Reports output without a check because their identity could not be read. */
	unchecked: number;
}

/**
 * Drops reports this trigger already output, and records the new ones in the workflow static data.
 * A report whose SMS ID cannot be read is never treated as seen (nor remembered): it is output
 * with a note saying it was not checked. Only called from inside `poll()`: n8n persists static
 * data when the poll hands its items over.
 */
export function skipSeenReports(staticData: IDataObject, items: ReportItem[]): SkipResult {
	const history = Array.isArray(staticData.seenReports) ? (staticData.seenReports as string[]) : [];
	const seen = new Set(history);
	const fresh: ReportItem[] = [];
	let unchecked = 0;
	for (const item of items) {
		const key = reportKey(item);
		if (key === undefined) {
			unchecked++;
			fresh.push({ ...item, skipSeenNote: UNCHECKED_NOTE });
			continue;
		}
		if (seen.has(key)) continue;
		seen.add(key);
		history.push(key);
		fresh.push(item);
	}
	staticData.seenReports = history.length > SEEN_HISTORY_LIMIT ? history.slice(-SEEN_HISTORY_LIMIT) : history;
	return { fresh, unchecked };
}
