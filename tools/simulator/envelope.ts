import type { RawReply, RawReport, Switches } from './types';

/**
 * JSON is assembled by hand rather than with JSON.stringify on objects: the switches need a bare
 * 64-bit number for SmsId (which no JS number can hold) and a fixed key order.
 */
const str = (value: string) => JSON.stringify(value);

/** A JSON number when the text is an integer literal, otherwise (explicit odd specs) a string. */
const num = (value: string) => (/^-?\d+$/.test(value) ? value.replace(/^(-?)0+(?=\d)/, '$1') : str(value));

export function renderReport(report: RawReport, sw: Switches): string {
	let out =
		`{${str(sw.smsIdKey)}:${sw.numericSmsId ? num(report.smsId) : str(report.smsId)}` +
		`,"Status":${sw.numericStatus ? num(report.status) : str(report.status)}` +
		`,"ReportTime":${str(report.reportTime)}` +
		`,"ExStatus":${str(report.exStatus)}`;
	if (sw.includePhoneNumber) out += `,"PhoneNumber":${str(report.phoneNumber)}`;
	return out + '}';
}

export function renderReply(reply: RawReply): string {
	return (
		`{"PhoneNumber":${str(reply.phoneNumber)},"RecvNumber":${str(reply.recvNumber)}` +
		`,"AddNum":${str(reply.addNum)},"RecvTime":${str(reply.recvTime)},"Content":${str(reply.content)}}`
	);
}

export function renderSent(phoneNumber: string, smsId: string): string {
	return `{"PhoneNumber":${str(phoneNumber)},"SmsID":${str(smsId)}}`;
}

export interface EnvelopeParts {
	code: number;
	message: string;
	/** Pre-rendered items; `undefined` leaves Details out entirely (error answers). */
	details?: string[];
	/** Extra string fields after Message (e.g. Balance). */
	extra?: Record<string, string>;
}

export function renderEnvelope(parts: EnvelopeParts, sw: Switches): string {
	const code = sw.numericCode ? String(parts.code) : str(String(parts.code));
	let out = `{${str(sw.lowerCaseCode ? 'code' : 'Code')}:${code},"Message":${str(parts.message)}`;
	for (const [key, value] of Object.entries(parts.extra ?? {})) out += `,${str(key)}:${str(value)}`;
	const details = parts.details;
	if (details && details.length > 0) {
		out += `,"Details":[${details.join(',')}]`;
	} else if (details) {
		if (sw.emptyDetails === 'array') out += ',"Details":[]';
		else if (sw.emptyDetails === 'null') out += ',"Details":null';
		else if (sw.emptyDetails === 'emptyString') out += ',"Details":""';
	}
	return out + '}';
}
