import type { IDataObject } from 'n8n-workflow';

import { keepsOutcome } from './outcome';
import { toReportItem, type ReportItem } from './reportItem';
import type { ReportOptions } from './reportOptions';

/** Turns fetched reports into public items, dropping only what the outcome filter asks to drop. */
export function reportsToItems(reports: IDataObject[], options: ReportOptions): ReportItem[] {
	const items: ReportItem[] = [];
	for (const raw of reports) {
		const item = toReportItem(raw, options.includeRaw);
		if (keepsOutcome(options.outcome, item)) items.push(item);
	}
	return items;
}
