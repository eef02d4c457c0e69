// One row per measured drain, and the table the benchmark prints (Markdown, so docs/performance.md
// can take it as it is).

export interface ResultRow {
	condition: string;
	conditionLabel: string;
	reports: number;
	variant: string;
	wallMs: number;
	/** SmsGetReport calls the simulator answered. */
	requests: number;
	/** TCP connections the simulator accepted. */
	connections: number;
	peakRssMb: number;
	/** Resident memory just before the drain (after loading and the warm-up). */
	rssBeforeMb?: number;
	/** Heap in use right after the drain, reports still held (in-process variants only). */
	heapAfterMb?: number;
	/** CPU time (user + system) of the measured process(es) during the drain. */
	cpuMs: number;
	/** Which process the memory and CPU figures belong to. */
	where: string;
	/** Anything that makes the row wrong (reports lost or doubled): printed in the table. */
	problems: string[];
	/** Extra figures for one row (e.g. the task runner of a real n8n). */
	notes?: string[];
}

const fmt = (value: number, digits = 0) =>
	value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function seconds(ms: number): string {
	return ms < 10_000 ? fmt(ms / 1000, 2) : fmt(ms / 1000, 1);
}

/** The floor row this row is compared with: same condition and backlog, same run. */
function floorOf(rows: ResultRow[], row: ResultRow): ResultRow | undefined {
	return rows.find((other) => other.condition === row.condition && other.reports === row.reports && other.variant === 'floor');
}

export function ratioToFloor(rows: ResultRow[], row: ResultRow): number | undefined {
	const floor = floorOf(rows, row);
	return floor ? row.wallMs / floor.wallMs : undefined;
}

/**
 * Peak minus resident memory just before the drain, for the child processes only: a running n8n
 * holds anywhere between 450 and 780 MB before a drain, depending on how much of its start-up heap
 * V8 has handed back yet, and a drain may or may not fit into what it kept, so the difference says
 * nothing there (the absolute peak does).
 */
function deltaRss(row: ResultRow): string {
	if (row.rssBeforeMb === undefined || row.variant.startsWith('n8n: ')) return '';
	return fmt(Math.max(0, row.peakRssMb - row.rssBeforeMb));
}

export function markdownTable(rows: ResultRow[]): string {
	const header = [
		'Network',
		'Reports',
		'Variant',
		'Wall (s)',
		'Reports/s',
		'× floor',
		'HTTP req.',
		'TCP conn.',
		'Peak RSS (MB)',
		'Δ RSS (MB)',
		'CPU ms / 1k',
	];
	const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
	for (const row of rows) {
		const ratio = ratioToFloor(rows, row);
		const variant = row.problems.length > 0 ? `${row.variant} ⚠ ${row.problems.join('; ')}` : row.variant;
		lines.push(
			`| ${[
				row.conditionLabel,
				fmt(row.reports),
				variant,
				seconds(row.wallMs),
				fmt(row.reports / (row.wallMs / 1000)),
				ratio === undefined ? '' : `${fmt(ratio, 2)}×`,
				fmt(row.requests),
				fmt(row.connections),
				fmt(row.peakRssMb),
				deltaRss(row),
				fmt(row.cpuMs / (row.reports / 1000), 0),
			].join(' | ')} |`,
		);
	}
	return lines.join('\n');
}
