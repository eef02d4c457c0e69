import type { IDataObject } from 'n8n-workflow';

import { getField, hasField } from './keys';

/** A parsed SDK3 answer: `Code` (>= 0 success, < 0 error), `Message`, and the `Details` records. */
export interface Envelope {
	code: number;
	message: string;
	details: IDataObject[];
}

export type EnvelopeProblem = 'empty' | 'html' | 'invalid-json' | 'not-an-object' | 'no-code';

/** A body that is not a usable SDK3 answer; `salvaged` holds any whole reports recovered from it. */
export interface BrokenEnvelope {
	problem: EnvelopeProblem;
	message: string;
	salvaged: IDataObject[];
}

export type ParsedEnvelope = { ok: true; envelope: Envelope } | ({ ok: false } & BrokenEnvelope);

/**
 * SmsIds are 64-bit on the service side. JSON.parse would round a bare number above 2^53, so such
 * numbers are quoted before parsing; ids are strings in every item the nodes emit.
 */
function quoteBigIds(text: string): string {
	return text.replace(/("sms_?id"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/gi, '$1"$2"');
}

function parseJson(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return undefined;
	}
}

const isRecord = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function detailsOf(body: IDataObject): IDataObject[] {
	const details = getField(body, 'Details');
	if (typeof details === 'string' && /^\s*[[{]/.test(details)) {
		// A service that encodes Details twice sends the array as a JSON string.
		const inner = parseJson(quoteBigIds(details));
		if (inner && typeof inner.value === 'object') return detailsOf({ Details: inner.value as IDataObject });
	}
	if (Array.isArray(details)) return details.filter(isRecord);
	if (isRecord(details)) {
		// A lone report sent as an object instead of a one-element array.
		if (hasField(details, 'SmsId') || hasField(details, 'Status')) return [details];
		return Object.values(details).filter(isRecord);
	}
	// Missing, null, "" and anything else all mean: no reports.
	return [];
}

/**
 * A cut-off body loses its closing brackets, but the reports it carried in full are still in it.
 * They were taken off the queue, so they are recovered rather than thrown away.
 */
function salvageReports(text: string): IDataObject[] {
	const start = text.search(/"details"\s*:\s*\[/i);
	if (start < 0) return [];
	const found: IDataObject[] = [];
	for (const match of quoteBigIds(text.slice(start)).matchAll(/\{[^{}]*\}/g)) {
		const parsed = parseJson(match[0]);
		if (parsed && isRecord(parsed.value) && hasField(parsed.value, 'SmsId')) found.push(parsed.value);
	}
	return found;
}

function parseCode(raw: unknown): number | undefined {
	if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
	if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
	return undefined;
}

function broken(problem: EnvelopeProblem, message: string, salvaged: IDataObject[] = []): ParsedEnvelope {
	return { ok: false, problem, message, salvaged };
}

export function parseEnvelope(text: string): ParsedEnvelope {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (!trimmed) return broken('empty', 'Mobset sent an empty answer instead of JSON.');
	if (trimmed.startsWith('<')) {
		const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
		return broken(
			'html',
			`Mobset sent an HTML page${title ? ` ("${title}")` : ''} instead of JSON: the service or a proxy in front of it is failing.`,
		);
	}
	const parsed = parseJson(quoteBigIds(trimmed));
	if (!parsed) {
		return broken('invalid-json', 'Mobset sent an answer that is not valid JSON (it looks cut off).', salvageReports(trimmed));
	}
	if (!isRecord(parsed.value)) {
		return broken('not-an-object', 'Mobset sent JSON that is not an object with a Code.');
	}
	const details = detailsOf(parsed.value);
	const code = parseCode(getField(parsed.value, 'Code'));
	if (code === undefined) {
		return broken('no-code', 'Mobset sent an answer without a numeric Code.', details);
	}
	const message = getField(parsed.value, 'Message') ?? getField(parsed.value, 'Msg');
	return { ok: true, envelope: { code, message: typeof message === 'string' ? message : '', details } };
}
