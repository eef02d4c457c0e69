import type { EmptyDetails, Switches } from './types';

/** Defaults follow the provider's SmsGetReport page where it says something, else the protocol doc. */
export const DEFAULT_SWITCHES: Switches = {
	lowerCaseCode: false,
	numericCode: false,
	emptyDetails: 'array',
	smsIdKey: 'SmsId',
	numericSmsId: false,
	numericStatus: false,
	includePhoneNumber: false,
	contentType: 'application/json; charset=utf-8',
	caseInsensitiveFieldNames: false,
	maxPerCall: 50,
	clockOffsetMs: 0,
	reportDelayMs: 300,
	reportDelayJitterMs: 200,
	deliveredRatio: 0.85,
	replyRatio: 0,
};

const EMPTY_DETAILS: readonly EmptyDetails[] = ['array', 'missing', 'null', 'emptyString'];

/**
 * Validates a partial update: the HTTP control interface feeds it untyped JSON, and a typo there
 * should fail loudly rather than silently leave a switch off.
 */
export function checkSwitches(update: Record<string, unknown>): Partial<Switches> {
	if (!update || typeof update !== 'object' || Array.isArray(update)) throw new Error('Switches must be an object');
	for (const [key, value] of Object.entries(update)) {
		if (!(key in DEFAULT_SWITCHES)) throw new Error(`Unknown switch ${key}`);
		const expected = typeof DEFAULT_SWITCHES[key as keyof Switches];
		if (typeof value !== expected) throw new Error(`Switch ${key} must be a ${expected}`);
		if (expected === 'number' && !Number.isFinite(value)) throw new Error(`Switch ${key} must be finite`);
	}
	const s = update as Partial<Switches>;
	if (s.emptyDetails !== undefined && !EMPTY_DETAILS.includes(s.emptyDetails)) {
		throw new Error(`emptyDetails must be one of ${EMPTY_DETAILS.join(', ')}`);
	}
	if (s.smsIdKey !== undefined && s.smsIdKey !== 'SmsId' && s.smsIdKey !== 'SmsID') {
		throw new Error('smsIdKey must be SmsId or SmsID');
	}
	if (s.maxPerCall !== undefined && !(Number.isInteger(s.maxPerCall) && s.maxPerCall >= 1)) {
		throw new Error('maxPerCall must be an integer >= 1');
	}
	for (const key of ['deliveredRatio', 'replyRatio'] as const) {
		const v = s[key];
		if (v !== undefined && !(v >= 0 && v <= 1)) throw new Error(`${key} must be between 0 and 1`);
	}
	for (const key of ['reportDelayMs', 'reportDelayJitterMs'] as const) {
		const v = s[key];
		if (v !== undefined && !(v >= 0)) throw new Error(`${key} must be >= 0`);
	}
	return s;
}
