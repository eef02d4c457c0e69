import type { IDataObject } from 'n8n-workflow';

import { getField } from './keys';

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

export interface ReportItem extends IDataObject {
	smsId: string;
	status: ReportStatus;
	delivered: boolean;
	statusCode: number | null;
	statusText: string;
	exStatus: string;
	reportTime: string | null;
}

function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value).trim();
}

function parseStatusCode(value: unknown): number | null {
	const text = asText(value);
	return /^-?\d+$/.test(text) ? Number(text) : null;
}

/** `2023-10-01 12:00:00` carries no zone and is Beijing time: state the offset instead of guessing. */
export function beijingTimeToIso(value: unknown): string | null {
	const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(asText(value));
	if (!match) return null;
	const [year, month, day, hour, minute, second = '0'] = match.slice(1);
	const fields = [year, month, day, hour, minute, second].map(Number);
	const check = new Date(Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]));
	if (
		check.getUTCMonth() !== fields[1] - 1 ||
		check.getUTCDate() !== fields[2] ||
		check.getUTCHours() !== fields[3] ||
		fields[5] > 59
	) {
		return null;
	}
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${year}-${pad(fields[1])}-${pad(fields[2])}T${pad(fields[3])}:${pad(fields[4])}:${pad(fields[5])}+08:00`;
}

/** `raw` is the Status as sent, so a value that is there but not a number is named, not called missing. */
export function describeStatus(code: number | null, raw = ''): { status: ReportStatus; text: string } {
	if (code !== null && STATUS_TABLE[code]) return STATUS_TABLE[code];
	if (code !== null) return { status: 'unknown', text: `Unrecognised status code ${code}` };
	return { status: 'unknown', text: raw ? `Unrecognised status "${raw}"` : 'No status code' };
}

/** The public item for one raw report. Its field names are a contract that workflows rely on. */
export function toReportItem(raw: IDataObject, includeRaw: boolean): ReportItem {
	const rawStatus = getField(raw, 'Status');
	const statusCode = parseStatusCode(rawStatus);
	const { status, text } = describeStatus(statusCode, asText(rawStatus));
	const item: ReportItem = {
		smsId: asText(getField(raw, 'SmsId')),
		status,
		delivered: status === 'delivered',
		statusCode,
		statusText: text,
		exStatus: asText(getField(raw, 'ExStatus')),
		reportTime: beijingTimeToIso(getField(raw, 'ReportTime')),
	};
	if (includeRaw) item.raw = raw;
	return item;
}
