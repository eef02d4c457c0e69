import type { RawReply, RawReport, RawTemplate, Switches } from './types';

/**
 * JSON is assembled by hand rather than with JSON.stringify on objects: the switches need a bare
 * 64-bit number for SmsId (which no JS number can hold), a fixed key order and key spellings.
 */
const str = (value: string) => JSON.stringify(value);

/** A JSON number when the text is an integer literal, otherwise (explicit odd specs) a string. */
const num = (value: string) => (/^-?\d+$/.test(value) ? value.replace(/^(-?)0+(?=\d)/, '$1') : str(value));

/** A key as the switches spell it. */
const key = (name: string, sw: Switches) => str(sw.lowerCaseKeys ? name.toLowerCase() : name);

const smsId = (id: string, sw: Switches) => `${key(sw.smsIdKey, sw)}:${sw.numericSmsId ? num(id) : str(id)}`;

/** An object of string fields in the given order. */
export function renderFields(fields: Record<string, string>, sw: Switches): string {
	return `{${Object.entries(fields)
		.map(([name, value]) => `${key(name, sw)}:${str(value)}`)
		.join(',')}}`;
}

export function renderReport(report: RawReport, sw: Switches): string {
	let out =
		`{${smsId(report.smsId, sw)}` +
		`,${key('Status', sw)}:${sw.numericStatus ? num(report.status) : str(report.status)}` +
		`,${key('ReportTime', sw)}:${str(report.reportTime)}` +
		`,${key('ExStatus', sw)}:${str(report.exStatus)}`;
	if (sw.includePhoneNumber) out += `,${key(sw.phoneKey, sw)}:${str(report.phoneNumber)}`;
	return out + '}';
}

export function renderReply(reply: RawReply, sw: Switches): string {
	return renderFields(
		{
			[sw.phoneKey]: reply.phoneNumber,
			RecvNumber: reply.recvNumber,
			AddNum: reply.addNum,
			RecvTime: reply.recvTime,
			Content: reply.content,
		},
		sw,
	);
}

/** One accepted number of a send answer. */
export function renderSent(phoneNumber: string, id: string, sw: Switches): string {
	return `{${key(sw.phoneKey, sw)}:${str(phoneNumber)},${smsId(id, sw)}}`;
}

export function templateFields(template: RawTemplate): Record<string, string> {
	return {
		TemplateID: template.templateId,
		TemplateName: template.templateName,
		TemplateType: template.templateType,
		TemplateContent: template.templateContent,
		Status: template.status,
		Remark: template.remark,
		CreateTime: template.createTime,
	};
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
	const codeKey = sw.lowerCaseCode || sw.lowerCaseKeys ? 'code' : 'Code';
	let out = `{${str(codeKey)}:${code},${key('Message', sw)}:${str(parts.message)}`;
	for (const [name, value] of Object.entries(parts.extra ?? {})) out += `,${key(name, sw)}:${str(value)}`;
	const details = parts.details;
	const detailsKey = key('Details', sw);
	if (details && details.length > 0) {
		out += `,${detailsKey}:[${details.join(',')}]`;
	} else if (details) {
		if (sw.emptyDetails === 'array') out += `,${detailsKey}:[]`;
		else if (sw.emptyDetails === 'null') out += `,${detailsKey}:null`;
		else if (sw.emptyDetails === 'emptyString') out += `,${detailsKey}:""`;
	}
	return out + '}';
}

/**
 * A single-record answer (balance, signature, one template): its fields beside Code, or as the
 * one item of Details, as the `recordPlacement` switch says.
 */
export function renderRecord(code: number, message: string, record: Record<string, string>, sw: Switches): string {
	return sw.recordPlacement === 'details'
		? renderEnvelope({ code, message, details: [renderFields(record, sw)] }, sw)
		: renderEnvelope({ code, message, extra: record }, sw);
}
