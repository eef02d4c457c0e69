/**
 * Mobset's clock, implemented here from the published rules rather than borrowed from the package:
 * a fake service that shared the client's code would agree with the client's mistakes. Beijing time
 * is UTC+8 all year (no daylight saving), so the host's own zone never enters.
 */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** `YYYYMMDDHHMMSS` (TimeStamp) in Beijing time. */
export function beijingTimestamp(epochMs: number = Date.now()): string {
	return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** `YYYY-MM-DD HH:MM:SS` in Beijing time: the zone-less format of ReportTime/RecvTime/TimerSend. */
export function beijingDateTime(epochMs: number): string {
	return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A TimeStamp back to epoch ms; `undefined` unless it is 14 digits naming a real instant. */
export function parseBeijingTimestamp(text: string): number | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
	return match ? fromFields(match, text, beijingTimestamp) : undefined;
}

/** `YYYY-MM-DD HH:MM:SS` (Beijing) back to epoch ms; `undefined` when it is not one. */
export function parseBeijingDateTime(text: string): number | undefined {
	const trimmed = text.trim();
	const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(trimmed);
	return match ? fromFields(match, trimmed, beijingDateTime) : undefined;
}

/** Rejects rolled-over fields (month 13, 25 o'clock) by formatting the result back. */
function fromFields(match: RegExpExecArray, text: string, format: (ms: number) => string): number | undefined {
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	const ms = Date.UTC(year, month - 1, day, hour, minute, second) - BEIJING_OFFSET_MS;
	return format(ms) === text ? ms : undefined;
}
