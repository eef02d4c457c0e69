// Reading an SDK3 answer: `{ Code, Message, Details }` in whatever spelling the service uses.

/** One JSON object as Mobset sent it. */
export type MobsetRecord = Record<string, unknown>;

/**
 * Mobset spells the same field differently across pages and generations (`Code`/`code`,
 * `SmsId`/`SmsID`), so every field is looked up without regard to case.
 */
export function fieldOf(record: MobsetRecord, name: string): unknown {
	if (name in record) return record[name];
	const wanted = name.toLowerCase();
	for (const key of Object.keys(record)) {
		if (key.toLowerCase() === wanted) return record[key];
	}
	return undefined;
}

export function hasField(record: MobsetRecord, name: string): boolean {
	const wanted = name.toLowerCase();
	return Object.keys(record).some((key) => key.toLowerCase() === wanted);
}

/** A parsed SDK3 answer: `Code` (>= 0 success, < 0 error), `Message`, and the `Details` records. */
export interface Answer {
	code: number;
	message: string;
	details: MobsetRecord[];
	/** The whole answer object, for methods whose result is a top-level field (a balance, a signature). */
	body: MobsetRecord;
}

export type AnswerProblem = 'empty' | 'html' | 'invalid-json' | 'not-an-object' | 'no-code';

/** A body that is not a usable SDK3 answer; `salvaged` holds any whole records recovered from it. */
export interface BrokenAnswer {
	problem: AnswerProblem;
	message: string;
	salvaged: MobsetRecord[];
}

export type ParsedAnswer = { ok: true; answer: Answer } | ({ ok: false } & BrokenAnswer);

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

export const isRecord = (value: unknown): value is MobsetRecord =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields that mark a Details entry as a record (a report, a reply, a sent message). */
const RECORD_MARKERS = ['SmsId', 'Status', 'PhoneNumber'];

function detailsOf(body: MobsetRecord): MobsetRecord[] {
	const details = fieldOf(body, 'Details');
	if (typeof details === 'string' && /^\s*[[{]/.test(details)) {
		// A service that encodes Details twice sends the array as a JSON string.
		const inner = parseJson(quoteBigIds(details));
		if (inner && typeof inner.value === 'object') return detailsOf({ Details: inner.value });
	}
	if (Array.isArray(details)) return details.filter(isRecord);
	if (isRecord(details)) {
		// A lone record sent as an object instead of a one-element array.
		if (RECORD_MARKERS.some((marker) => hasField(details, marker))) return [details];
		return Object.values(details).filter(isRecord);
	}
	// Missing, null, "" and anything else all mean: no records.
	return [];
}

/**
 * A cut-off body loses its closing brackets, but the records it carried in full are still in it.
 * Reports and replies were taken off the queue, so they are recovered rather than thrown away.
 */
function salvageRecords(text: string): MobsetRecord[] {
	const start = text.search(/"details"\s*:\s*\[/i);
	if (start < 0) return [];
	const found: MobsetRecord[] = [];
	for (const match of quoteBigIds(text.slice(start)).matchAll(/\{[^{}]*\}/g)) {
		const parsed = parseJson(match[0]);
		if (parsed && isRecord(parsed.value) && RECORD_MARKERS.some((marker) => hasField(parsed.value as MobsetRecord, marker))) {
			found.push(parsed.value);
		}
	}
	return found;
}

function parseCode(raw: unknown): number | undefined {
	if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
	if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
	return undefined;
}

function broken(problem: AnswerProblem, message: string, salvaged: MobsetRecord[] = []): ParsedAnswer {
	return { ok: false, problem, message, salvaged };
}

export function parseAnswer(text: string): ParsedAnswer {
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
		return broken('invalid-json', 'Mobset sent an answer that is not valid JSON (it looks cut off).', salvageRecords(trimmed));
	}
	if (!isRecord(parsed.value)) {
		return broken('not-an-object', 'Mobset sent JSON that is not an object with a Code.');
	}
	const body = parsed.value;
	const details = detailsOf(body);
	const code = parseCode(fieldOf(body, 'Code'));
	if (code === undefined) {
		return broken('no-code', 'Mobset sent an answer without a numeric Code.', details);
	}
	const message = fieldOf(body, 'Message') ?? fieldOf(body, 'Msg');
	return { ok: true, answer: { code, message: typeof message === 'string' ? message : '', details, body } };
}
