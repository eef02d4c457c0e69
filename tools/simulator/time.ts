import { beijingTimestamp } from '../../nodes/protocol/signing';

/** `YYYY-MM-DD HH:MM:SS` in Beijing time: the zone-less format of ReportTime/RecvTime/TimerSend. */
export function beijingDateTime(epochMs: number): string {
	const t = beijingTimestamp(new Date(epochMs));
	return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)} ${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}`;
}

/** Parses `YYYY-MM-DD HH:MM:SS` as Beijing time; `undefined` when it is not one. */
export function parseBeijingDateTime(text: string): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	const ms = Date.UTC(year, month - 1, day, hour, minute, second) - 8 * 3600 * 1000;
	return beijingDateTime(ms) === text.trim() ? ms : undefined;
}
