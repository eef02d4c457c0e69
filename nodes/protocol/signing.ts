// Mobset's clock and signature. Every request is signed with a Beijing-time TimeStamp, and every
// time Mobset sends back (ReportTime, RecvTime) is Beijing wall-clock time with no zone: both
// directions live here so the +8 h rule is written once.
import { createHash } from 'crypto';

/** China Standard Time: UTC+8 all year, no daylight saving. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** Beijing wall-clock fields of an instant, derived from UTC so the host's own zone never matters. */
function beijingWallClock(instant: Date): WallClock {
	const shifted = new Date(instant.getTime() + BEIJING_OFFSET_MS);
	return {
		year: shifted.getUTCFullYear(),
		month: shifted.getUTCMonth() + 1,
		day: shifted.getUTCDate(),
		hour: shifted.getUTCHours(),
		minute: shifted.getUTCMinutes(),
		second: shifted.getUTCSeconds(),
	};
}

/** The instant of Beijing wall-clock fields, or `undefined` when a field rolled over (month 13, 25 o'clock). */
function fromBeijingWallClock(fields: WallClock): Date | undefined {
	const { year, month, day, hour, minute, second } = fields;
	const instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - BEIJING_OFFSET_MS);
	const back = beijingWallClock(instant);
	const same = (Object.keys(fields) as Array<keyof WallClock>).every((key) => back[key] === fields[key]);
	return same ? instant : undefined;
}

/** `YYYYMMDDHHMMSS` in Beijing time: the TimeStamp every request is signed with. */
export function beijingTimestamp(now: Date = new Date()): string {
	const c = beijingWallClock(now);
	return `${pad(c.year, 4)}${pad(c.month)}${pad(c.day)}${pad(c.hour)}${pad(c.minute)}${pad(c.second)}`;
}

/** Parses a 14-digit Beijing TimeStamp back to an instant; `undefined` when it is not one. */
export function parseBeijingTimestamp(timeStamp: string): Date | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(timeStamp);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	return fromBeijingWallClock({ year, month, day, hour, minute, second });
}

/** `YYYY-MM-DD HH:MM:SS` in Beijing time: how Mobset writes times (ReportTime, TimerSend). */
export function formatBeijingTime(instant: Date): string {
	const c = beijingWallClock(instant);
	return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
}

/**
 * A Mobset time (`2023-10-01 12:00:00`, no zone, Beijing time) as ISO 8601 with its offset stated,
 * or `null` when the text is not such a time.
 */
export function beijingTimeToIso(value: unknown): string | null {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
	if (!match) return null;
	const [year, month, day, hour, minute, second = 0] = match.slice(1).map((field) => Number(field ?? 0));
	if (!fromBeijingWallClock({ year, month, day, hour, minute, second })) return null;
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}

/** `MD5(CorpID + Password + TimeStamp)` as lower-case hex: plain concatenation, UTF-8 bytes. */
export function secretKey(corpId: string, password: string, timeStamp: string): string {
	return createHash('md5').update(`${corpId}${password}${timeStamp}`, 'utf8').digest('hex');
}
