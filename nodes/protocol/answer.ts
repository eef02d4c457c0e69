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
	/** The record count its Code announced, when that could still be read (a cut-off answer). */
	promised?: number;
}

export type ParsedAnswer = { ok: true; answer: Answer } | ({ ok: false } & BrokenAnswer);

/**
 * SmsIds are 64-bit on the service side. JSON.parse would round a bare number above 2^53 (or one
 * written with a fraction or an exponent), so such numbers are quoted before parsing: an id keeps
 * the digits Mobset sent, and ids are strings in every item the nodes emit.
 */
function quoteBigIds(text: string): string {
	return text.replace(
		/("sms_?id"\s*:\s*)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=\s*[,}\]])/gi,
		(whole, key: string, number: string) => (/^-?\d{1,15}$/.test(number) ? whole : `${key}"${number}"`),
	);
}

function parseJson(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return undefined;
	}
}

const isSpace = (char: string) => char === ' ' || char === '\t' || char === '\n' || char === '\r';

function skipSpace(text: string, from: number): number {
	let at = from;
	while (at < text.length && isSpace(text[at])) at++;
	return at;
}

/** Index just past the JSON string opening at `start`, or -1 when the text ends inside it. */
function stringEnd(text: string, start: number): number {
	for (let at = start + 1; at < text.length; at++) {
		if (text[at] === '\\') at++;
		else if (text[at] === '"') return at + 1;
	}
	return -1;
}

/**
 * Index just past the JSON value starting at `start`, or -1 when the text ends before it does.
 * Brackets inside strings do not count, so a value holding `}` or a nested object is measured right.
 */
function valueEnd(text: string, start: number): number {
	let depth = 0;
	for (let at = start; at < text.length; at++) {
		const char = text[at];
		if (char === '"') {
			const end = stringEnd(text, at);
			if (end < 0) return -1;
			if (depth === 0) return end;
			at = end - 1;
		} else if (char === '{' || char === '[') {
			depth++;
		} else if (char === '}' || char === ']') {
			if (depth === 0) return at;
			if (--depth === 0) return at + 1;
		} else if (depth === 0 && (char === ',' || isSpace(char))) {
			return at;
		}
	}
	return -1;
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
	// Nested arrays (pages of pages) are flattened: a record is never dropped for its nesting.
	if (Array.isArray(details)) return details.flatMap((entry) => (Array.isArray(entry) ? detailsOf({ Details: entry }) : isRecord(entry) ? [entry] : []));
	if (isRecord(details)) {
		// A lone record sent as an object instead of a one-element array.
		if (RECORD_MARKERS.some((marker) => hasField(details, marker))) return [details];
		return Object.values(details).filter(isRecord);
	}
	// Missing, null, "" and anything else all mean: no records.
	return [];
}

const isReportLike = (value: unknown): value is MobsetRecord =>
	isRecord(value) && RECORD_MARKERS.some((marker) => hasField(value, marker));

/**
 * The whole entries of a `Details` array (or object) that starts at `open` and may be cut off:
 * each entry is measured with its strings and nesting taken into account, so an entry is kept
 * exactly when it arrived in full; a nested array cut part-way gives up its whole entries too.
 */
function wholeEntries(text: string, open: number, found: MobsetRecord[]): void {
	const keyed = text[open] === '{';
	let at = open + 1;
	for (;;) {
		at = skipSpace(text, at);
		if (at >= text.length || text[at] === ']' || text[at] === '}') return;
		if (text[at] === ',') {
			at++;
			continue;
		}
		if (keyed) {
			const keyEnd = text[at] === '"' ? stringEnd(text, at) : -1;
			if (keyEnd < 0) return;
			at = skipSpace(text, keyEnd);
			if (text[at] !== ':') return;
			at = skipSpace(text, at + 1);
		}
		const end = valueEnd(text, at);
		if (end < 0) {
			if (text[at] === '[') wholeEntries(text, at, found);
			return;
		}
		const entry = parseJson(quoteBigIds(text.slice(at, end)));
		if (entry && isReportLike(entry.value)) found.push(entry.value);
		else if (entry && Array.isArray(entry.value)) found.push(...detailsOf({ Details: entry.value }).filter(isReportLike));
		// A lone entry that is not valid JSON is skipped; the Code count shows it as missing.
		at = end > at ? end : at + 1;
	}
}

/**
 * A cut-off body loses its closing brackets, but the records it carried in full are still in it.
 * Reports and replies were taken off the queue, so they are recovered rather than thrown away;
 * the Code, when it came before the cut, says how many there were.
 */
function salvage(text: string): { records: MobsetRecord[]; promised?: number } {
	const details = /"details"\s*:\s*/i.exec(text);
	const head = details ? text.slice(0, details.index) : text;
	const code = /"code"\s*:\s*"?\s*(-?\d+)\s*"?\s*[,}]/i.exec(head);
	const promised = code ? Number(code[1]) : undefined;
	const records: MobsetRecord[] = [];
	if (details) {
		const open = details.index + details[0].length;
		if (text[open] === '[' || text[open] === '{') wholeEntries(text, open, records);
	}
	return { records, ...(promised !== undefined && promised > 0 && { promised }) };
}

function parseCode(raw: unknown): number | undefined {
	if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
	if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
	return undefined;
}

function broken(problem: AnswerProblem, message: string, salvaged: MobsetRecord[] = [], promised?: number): ParsedAnswer {
	return { ok: false, problem, message, salvaged, ...(promised !== undefined && { promised }) };
}

/** Quoted service text is cut to this many characters: a 1 MB page title is not a message. */
export const QUOTE_LIMIT = 200;

export function excerpt(text: string, limit = QUOTE_LIMIT): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	return clean.length <= limit ? clean : `${clean.slice(0, limit)}… (${clean.length - limit} more characters)`;
}

/**
 * The first JSON value of the body, when it is complete and only noise follows it (an HTML
 * comment a proxy appended, a NUL): such an answer is whole. More JSON after it is not noise.
 */
function completePrefix(text: string): { value: unknown } | undefined {
	const end = valueEnd(text, 0);
	if (end <= 0 || end >= text.length) return undefined;
	const rest = text.slice(end).replace(/^[\s\0]+/, '');
	if (rest.startsWith('{') || rest.startsWith('[')) return undefined;
	return parseJson(quoteBigIds(text.slice(0, end)));
}

export function parseAnswer(text: string): ParsedAnswer {
	const trimmed = text.replace(/^\uFEFF/, '').replace(/^[\s\0]+|[\s\0]+$/g, '');
	if (!trimmed) return broken('empty', 'Mobset sent an empty answer instead of JSON.');
	if (trimmed.startsWith('<')) {
		const title = excerpt(/<title>([^<]*)<\/title>/i.exec(trimmed)?.[1] ?? '');
		return broken(
			'html',
			`Mobset sent an HTML page${title ? ` ("${title}")` : ''} instead of JSON: the service or a proxy in front of it is failing.`,
		);
	}
	const parsed = parseJson(quoteBigIds(trimmed)) ?? completePrefix(trimmed);
	if (!parsed) {
		const { records, promised } = salvage(trimmed);
		return broken('invalid-json', 'Mobset sent an answer that is not valid JSON (it looks cut off).', records, promised);
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
