// Recipient numbers as people paste them (from a spreadsheet cell, a CRM field, a chat) turned into
// the 11-digit mainland mobile numbers Mobset takes, comma-separated, in its PhoneNumbers/Mobiles.

/** A mainland China mobile number: 11 digits starting with 1 (the country code removed). */
const MOBILE = /^1\d{10}$/;

/** Between numbers: commas and semicolons (ASCII and full-width), the ideographic list comma, line breaks. */
const LIST_SEPARATORS = /[,，;；、\r\n]+/;

/** Inside one number, as it is written for reading: spaces and dashes (ASCII, full-width, en dash). */
const GROUPING = /[\s\-－–—]+/g;

const FULL_WIDTH_DIGIT = /[０-９＋]/g;

/** The number without its grouping and country code, or `undefined` when it is not a mobile number. */
function mobileOf(text: string): string | undefined {
	const compact = text.replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(GROUPING, '');
	const national = compact.replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
	return MOBILE.test(national) ? national : undefined;
}

export interface ParsedNumbers {
	/** Valid numbers, each once, in the order given. */
	numbers: string[];
	/** What could not be read as a mobile number, as written. */
	rejected: string[];
}

/**
 * Reads a list of numbers. Commas, semicolons and line breaks always separate; a space separates
 * too, unless the piece it sits in reads as one number written in groups (`+86 138 0013 8000`).
 * A number given twice in one list is sent once: the same text to the same person twice is never
 * what a list means.
 */
export function parsePhoneNumbers(input: unknown): ParsedNumbers {
	const pieces: string[] = [];
	const collect = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(collect);
		else if (typeof value === 'number' && Number.isFinite(value)) pieces.push(String(value));
		else if (typeof value === 'string') pieces.push(...value.split(LIST_SEPARATORS));
		else if (value !== undefined && value !== null) pieces.push(JSON.stringify(value));
	};
	collect(input);

	const numbers: string[] = [];
	const rejected: string[] = [];
	const seen = new Set<string>();
	const accept = (number: string) => {
		if (seen.has(number)) return;
		seen.add(number);
		numbers.push(number);
	};
	for (const piece of pieces) {
		const text = piece.trim();
		if (!text) continue;
		const whole = mobileOf(text);
		if (whole) {
			accept(whole);
			continue;
		}
		for (const word of text.split(/\s+/)) {
			const number = mobileOf(word);
			if (number) accept(number);
			else rejected.push(word);
		}
	}
	return { numbers, rejected };
}

/** A number as Mobset may write it back (`+8613800138000`, `8613800138000`), in the form it was sent. */
export function sameNumberKey(text: string): string {
	return mobileOf(text) ?? text.trim();
}
