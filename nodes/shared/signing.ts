import { createHash } from 'crypto';

/** Mobset compares TimeStamps with China Standard Time: UTC+8 all year, no daylight saving. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * `YYYYMMDDHHMMSS` in Beijing time. Derived from the UTC instant rather than the host's local
 * clock fields, so a server in any zone (including ones that observe daylight saving) signs correctly.
 */
export function beijingTimestamp(now: Date = new Date()): string {
	const shifted = new Date(now.getTime() + BEIJING_OFFSET_MS);
	return (
		pad(shifted.getUTCFullYear(), 4) +
		pad(shifted.getUTCMonth() + 1) +
		pad(shifted.getUTCDate()) +
		pad(shifted.getUTCHours()) +
		pad(shifted.getUTCMinutes()) +
		pad(shifted.getUTCSeconds())
	);
}

/** Parses a 14-digit Beijing TimeStamp back to an instant; `undefined` when it is not one. */
export function parseBeijingTimestamp(timeStamp: string): Date | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(timeStamp);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) - BEIJING_OFFSET_MS;
	const date = new Date(utcMs);
	// Reject rolled-over fields such as month 13 or 25 o'clock.
	return beijingTimestamp(date) === timeStamp ? date : undefined;
}

/** `MD5(CorpID + Password + TimeStamp)` as lower-case hex: plain concatenation, UTF-8 bytes. */
export function secretKey(corpId: string, password: string, timeStamp: string): string {
	return createHash('md5').update(`${corpId}${password}${timeStamp}`, 'utf8').digest('hex');
}
