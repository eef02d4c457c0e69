import { createHash, timingSafeEqual } from 'crypto';
import { CODES, type Failure } from './codes';
import type { Mailbox, Store } from './store';
import { parseBeijingTimestamp } from './time';

/** The provider rejects a TimeStamp "相差超过20分钟" from its clock; exactly 20 minutes still passes. */
export const SKEW_WINDOW_MS = 20 * 60 * 1000;

export const AUTH_FIELDS = ['CorpID', 'LoginName', 'TimeStamp', 'SecretKey', 'Methods'] as const;

/** `MD5(CorpID + Password + TimeStamp)`, lower-case hex: plain concatenation of UTF-8 text. */
export function secretKey(corpId: string, password: string, timeStamp: string): string {
	return createHash('md5').update(`${corpId}${password}${timeStamp}`, 'utf8').digest('hex');
}

export type AuthResult = { ok: true; box: Mailbox } | { ok: false; failure: Failure };

/**
 * Checks in the order that gives a client the most useful answer: an incomplete request (-1),
 * then who it claims to be and whether the signature matches (-2), then the clock (-12). A
 * client with a skewed clock still signs correctly, so it sees -12 rather than -2.
 */
export function authenticate(
	get: (name: string) => string | undefined,
	store: Store,
	nowMs: number,
): AuthResult {
	for (const name of AUTH_FIELDS) {
		if (!get(name)) return { ok: false, failure: CODES.missingField };
	}
	const corpId = get('CorpID') as string;
	const timeStamp = get('TimeStamp') as string;
	const box = store.find(corpId, get('LoginName') as string);
	if (!box) return { ok: false, failure: CODES.badAccount };
	const expected = Buffer.from(secretKey(corpId, box.account.password, timeStamp), 'utf8');
	const given = Buffer.from((get('SecretKey') as string).toLowerCase(), 'utf8');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return { ok: false, failure: CODES.badAccount };
	}
	const signedAt = parseBeijingTimestamp(timeStamp);
	if (signedAt === undefined || Math.abs(nowMs - signedAt) > SKEW_WINDOW_MS) {
		return { ok: false, failure: CODES.badTimeStamp };
	}
	return { ok: true, box };
}
