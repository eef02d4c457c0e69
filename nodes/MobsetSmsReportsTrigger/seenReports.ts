import type { IDataObject } from 'n8n-workflow';

import type { ReportItem } from '../protocol/reports';
import { skipSeen } from '../shared/polling';

export { SEEN_HISTORY_LIMIT } from '../shared/polling';

/** A report is the same when its SMS and its status are: a later status of one SMS is news. */
const reportKey = (item: ReportItem) => `${item.smsId}:${item.statusCode ?? ''}`;

/** Drops reports this trigger already output, remembering the new ones in the static data. */
export function skipSeenReports(staticData: IDataObject, items: ReportItem[]): ReportItem[] {
	return skipSeen(staticData, 'seenReports', items, reportKey);
}
