// Delivery reports (SmsGetReport): one Mobset record in, one item of the public contract out.
import { fieldOf, type MobsetRecord } from './answer';
import { beijingTimeToIso } from './signing';

export type ReportStatus = 'delivered' | 'failed' | 'pending' | 'unknown';

/** Mobset's report Status codes (the provider's page for 12/13, the older status API for the rest). */
const STATUS_TABLE: Record<number, { status: ReportStatus; text: string }> = {
	0: { status: 'pending', text: 'Submitted' },
	1: { status: 'pending', text: 'Under content review' },
	2: { status: 'failed', text: 'Submission failed' },
	3: { status: 'failed', text: 'Submission failed' },
	4: { status: 'failed', text: 'Submission failed' },
	5: { status: 'failed', text: 'Submission failed' },
	6: { status: 'failed', text: 'Number not supported' },
	7: { status: 'failed', text: 'Rejected by review' },
	10: { status: 'pending', text: 'Sent to the operator' },
	11: { status: 'failed', text: 'Sending to the operator failed' },
	12: { status: 'delivered', text: 'Received by the handset' },
	13: { status: 'failed', text: 'Not received by the handset' },
	15: { status: 'unknown', text: 'Unknown state' },
};

/** The public item for one report. Its field names are a contract that workflows rely on. */
export interface ReportItem {
	smsId: string;
	status: ReportStatus;
	delivered: boolean;
	statusCode: number | null;
	statusText: string;
	exStatus: string;
	reportTime: string | null;
	raw?: MobsetRecord;
	[extra: string]: unknown;
}

/** A field's value as trimmed text; objects as JSON so nothing is silently lost. */
export function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value).trim();
}

/** `12`, `"12"`, `"12.0"` and `"+12"` are one status: a whole number however it is written. */
function parseStatusCode(value: unknown): number | null {
	const text = asText(value);
	return /^[+-]?\d+(?:\.0*)?$/.test(text) ? Number(text) : null;
}

/**
 * The id as Mobset sent its digits (a bare `12345678901234567.0` is kept as text by the parser);
 * a zero fraction is only another spelling of the same id.
 */
function smsIdText(value: unknown): string {
	const text = asText(value);
	return /^\d+\.0*$/.test(text) ? text.slice(0, text.indexOf('.')) : text;
}

/** `raw` is the Status as sent, so a value that is there but not a number is named, not called missing. */
export function describeStatus(code: number | null, raw = ''): { status: ReportStatus; text: string } {
	if (code !== null && STATUS_TABLE[code]) return STATUS_TABLE[code];
	if (code !== null) return { status: 'unknown', text: `Unrecognised status code ${code}` };
	return { status: 'unknown', text: raw ? `Unrecognised status "${raw}"` : 'No status code' };
}

export function toReportItem(raw: MobsetRecord, includeRaw: boolean): ReportItem {
	const rawStatus = fieldOf(raw, 'Status');
	const statusCode = parseStatusCode(rawStatus);
	const { status, text } = describeStatus(statusCode, asText(rawStatus));
	const item: ReportItem = {
		smsId: smsIdText(fieldOf(raw, 'SmsId')),
		status,
		delivered: status === 'delivered',
		statusCode,
		statusText: text,
		exStatus: asText(fieldOf(raw, 'ExStatus')),
		reportTime: beijingTimeToIso(fieldOf(raw, 'ReportTime')),
	};
	if (includeRaw) item.raw = raw;
	return item;
}

export type OutcomeFilter = 'all' | 'delivered' | 'failed' | 'notDelivered';

export const OUTCOME_FILTERS: readonly OutcomeFilter[] = ['all', 'delivered', 'failed', 'notDelivered'];

const KEEPS: Record<OutcomeFilter, (status: ReportStatus) => boolean> = {
	all: () => true,
	delivered: (status) => status === 'delivered',
	failed: (status) => status === 'failed',
	notDelivered: (status) => status !== 'delivered',
};

/** Turns fetched reports into public items, dropping only what the outcome filter asks to drop. */
export function reportsToItems(reports: MobsetRecord[], options: { outcome: OutcomeFilter; includeRaw: boolean }): ReportItem[] {
	const keeps = KEEPS[options.outcome] ?? KEEPS.all;
	const items: ReportItem[] = [];
	for (const raw of reports) {
		const item = toReportItem(raw, options.includeRaw);
		if (keeps(item.status)) items.push(item);
	}
	return items;
}

/** The outputs of a node split by outcome, in order. */
export const OUTCOME_OUTPUT_NAMES = ['Delivered', 'Failed', 'Other'] as const;

/** Output index when split by outcome: Delivered, Failed, Other (pending or unknown). */
export function outcomeOutputIndex(item: ReportItem): 0 | 1 | 2 {
	if (item.status === 'delivered') return 0;
	if (item.status === 'failed') return 1;
	return 2;
}
