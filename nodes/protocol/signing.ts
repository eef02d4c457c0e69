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

/** A time with its own zone: the instant it names is known whatever the wall clock says. */
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A Mobset time as ISO 8601 with its offset stated, or `null` when the text is not a time. Every
 * spelling of one instant gives one result: `2023-10-01 12:00:00` (Mobset's own, Beijing time, no
 * zone), with a fraction of a second, as 14 digits (`20231001120000`, the TimeStamp format), or
 * with a zone of its own (`2023-10-01T04:00:00Z`), which is converted to Beijing time.
 */
export function beijingTimeToIso(value: unknown): string | null {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (ZONED_TIME.test(text)) {
		const instant = Date.parse(text.replace(' ', 'T'));
		if (Number.isNaN(instant)) return null;
		const c = beijingWallClock(new Date(instant));
		const ms = new Date(instant).getUTCMilliseconds();
		return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${ms ? `.${pad(ms, 3)}` : ''}+08:00`;
	}
	const match =
		/^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(text) ??
		/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})()$/.exec(text);
	if (!match) return null;
	const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((field) => Number(field ?? 0));
	if (!fromBeijingWallClock({ year, month, day, hour, minute, second })) return null;
	// Milliseconds are kept when they say something; `.000` is the same instant as none.
	const ms = Number(`0.${match[7] || '0'}`) * 1000;
	const fraction = Math.floor(ms) ? `.${pad(Math.floor(ms), 3)}` : '';
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}+08:00`;
}

/** `MD5(CorpID + Password + TimeStamp)` as lower-case hex: plain concatenation, UTF-8 bytes. */
export function secretKey(corpId: string, password: string, timeStamp: string): string {
	return createHash('md5').update(`${corpId}${password}${timeStamp}`, 'utf8').digest('hex');
}

/** How far ahead of UTC the clocks of `zone` are at an instant, in ms; through Intl, so daylight saving is right. */
function zoneOffsetMs(zone: string, epochMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(epochMs));
	const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
	const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
	return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The instant at which the clocks of `zone` show the given wall-clock time (the earlier one in a DST overlap). */
function fromZonedWallClock(wallAsUtcMs: number, zone: string): number {
	const first = wallAsUtcMs - zoneOffsetMs(zone, wallAsUtcMs);
	const second = wallAsUtcMs - zoneOffsetMs(zone, first);
	return Math.min(first, second);
}

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The instant a date-time value names. A value with an offset (`…Z`, `…+02:00`), a `Date`, a Luxon
 * `DateTime` or epoch milliseconds names it outright; a zone-less text (what a date picker stores)
 * is wall-clock time in `zone`, the workflow's time zone. `undefined` when it is none of these.
 */
export function instantOf(value: unknown, zone: string): Date | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
	if (typeof value === 'object' && value !== null && typeof (value as { toJSDate?: unknown }).toJSDate === 'function') {
		return instantOf((value as { toJSDate: () => unknown }).toJSDate(), zone);
	}
	if (typeof value === 'number') return Number.isInteger(value) && value >= 1e12 ? new Date(value) : undefined;
	if (typeof value !== 'string') return undefined;
	const match = DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((field) => Number(field ?? 0));
	const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	const check = new Date(wall);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
	const offset = match[8];
	if (!offset) return new Date(fromZonedWallClock(wall, zone));
	if (offset.toUpperCase() === 'Z') return new Date(wall);
	const sign = offset.startsWith('-') ? -1 : 1;
	const digits = offset.slice(1).replace(':', '');
	return new Date(wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
}
