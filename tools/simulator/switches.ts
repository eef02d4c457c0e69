import type { EmptyDetails, Switches } from './types';

/** Defaults follow the provider's SmsGetReport page where it says something, else the protocol doc. */
export const DEFAULT_SWITCHES: Switches = {
	lowerCaseCode: false,
	numericCode: false,
	emptyDetails: 'array',
	smsIdKey: 'SmsId',
	phoneKey: 'PhoneNumber',
	lowerCaseKeys: false,
	recordPlacement: 'envelope',
	newTemplateStatus: '1',
	noBalance: 'refuseAll',
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

/** Switches that take one of a few strings. */
const CHOICES: { [K in keyof Switches]?: readonly Switches[K][] } = {
	emptyDetails: ['array', 'missing', 'null', 'emptyString'] as readonly EmptyDetails[],
	smsIdKey: ['SmsId', 'SmsID'],
	phoneKey: ['PhoneNumber', 'Mobile'],
	recordPlacement: ['envelope', 'details'],
	newTemplateStatus: ['0', '1', '2'],
	noBalance: ['refuseAll', 'sendWhatFits'],
};

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
	for (const [key, allowed] of Object.entries(CHOICES) as [keyof Switches, readonly unknown[]][]) {
		if (s[key] !== undefined && !allowed.includes(s[key])) throw new Error(`${key} must be one of ${allowed.join(', ')}`);
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
