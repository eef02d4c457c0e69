import type { IDataObject } from 'n8n-workflow';

import type { ReportItem } from '../protocol/reports';
import { skipSeen } from '../shared/polling';

export { SEEN_HISTORY_LIMIT } from '../shared/polling';

/** Added to a report that could not be checked, so the workflow can see it too. */
export const UNCHECKED_NOTE =
	'This report has no readable SMS ID, so Skip Reports Already Seen could not check it: it is output even if Mobset sent it before.';

/** A report is the same when its SMS and its status are: a later status of one SMS is news. */
const reportKey = (item: ReportItem) => `${item.smsId}:${item.statusCode ?? ''}`;

export interface SkipResult {
	fresh: ReportItem[];
	/** Reports output without a check because their identity could not be read. */
	unchecked: number;
}

/**
 * Drops reports this trigger already output, remembering the new ones in the static data. A
 * report whose SMS ID cannot be read is never treated as seen (nor remembered): two reports
 * without an id are not "the same". It is output with a note saying it was not checked.
 */
export function skipSeenReports(staticData: IDataObject, items: ReportItem[]): SkipResult {
	const checked = skipSeen(
		staticData,
		'seenReports',
		items.filter((item) => item.smsId),
		reportKey,
	);
	const kept = new Set(checked);
	let unchecked = 0;
	const fresh: ReportItem[] = [];
	for (const item of items) {
		if (!item.smsId) {
			unchecked++;
			fresh.push({ ...item, skipSeenNote: UNCHECKED_NOTE });
		} else if (kept.has(item)) {
			fresh.push(item);
		}
	}
	return { fresh, unchecked };
}
