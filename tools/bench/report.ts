// Turns the rows of one run into the report: the table, then each speed target checked
// against the figures of the same run.
import { PARALLEL } from './plan';
import type { FailureCheck } from './realN8n';
import { markdownTable, ratioToFloor, type ResultRow } from './results';
import type { LoadTime } from './loadTime';

export interface RunReport {
	machine: Record<string, string>;
	startedAt: string;
	durationS: number;
	options: Record<string, unknown>;
	rows: ResultRow[];
	/** Message → Send, combined and one call per item (`reports` is the number of customers). */
	sendRows?: ResultRow[];
	loadTime?: LoadTime;
	complexity?: Record<string, { nodes: number; expressions: number; codeLines: number }>;
	failureChecks?: FailureCheck[];
}

const f = (value: number, digits = 2) => value.toFixed(digits);

function find(rows: ResultRow[], condition: string, reports: number, variant: string): ResultRow | undefined {
	return rows.find((row) => row.condition === condition && row.reports === reports && row.variant === variant);
}

function ratioLines(rows: ResultRow[], condition: string, limit: number): string[] {
	const lines: string[] = [];
	for (const row of rows) {
		if (row.condition !== condition || !['node', 'trigger'].includes(row.variant)) continue;
		const ratio = ratioToFloor(rows, row);
		if (ratio === undefined) continue;
		lines.push(`  - ${row.variant}, ${row.reports.toLocaleString('en-US')} reports: ${f(ratio)}× the floor ${ratio <= limit ? '✓' : '✗'} (target ≤ ${limit}×)`);
	}
	return lines;
}

function helperShare(rows: ResultRow[], condition: string): string[] {
	const lines: string[] = [];
	for (const row of rows) {
		if (row.condition !== condition || row.variant !== 'n8n helper') continue;
		const node = find(rows, condition, row.reports, 'node');
		const ratio = ratioToFloor(rows, row);
		if (!node || ratio === undefined) continue;
		lines.push(
			`  - ${row.reports.toLocaleString('en-US')} reports: n8n's helper alone is ${f(ratio)}× the floor; the node adds ${f((node.wallMs / row.wallMs - 1) * 100, 0)}% on top of it`,
		);
	}
	return lines;
}

function memoryLines(rows: ResultRow[]): string[] {
	const lines: string[] = [];
	for (const variant of ['floor', 'node', 'trigger']) {
		const series = rows
			.filter((row) => row.condition === 'loopback' && row.variant === variant && row.heapAfterMb !== undefined)
			.sort((a, b) => a.reports - b.reports);
		if (series.length < 2) continue;
		const first = series[0];
		const last = series[series.length - 1];
		const perReport = ((last.heapAfterMb! - first.heapAfterMb!) * 1024 * 1024) / (last.reports - first.reports);
		const peaks = series.map((row) => `${row.reports.toLocaleString('en-US')}: ${f(row.peakRssMb, 0)} MB`).join(', ');
		lines.push(`  - ${variant}: heap held after the drain grows ${f(perReport / 1024, 1)} KB per report; peak RSS ${peaks}`);
	}
	return lines;
}

function diyLines(rows: ResultRow[]): string[] {
	const lines: string[] = [];
	for (const diy of rows.filter((row) => row.variant === 'n8n: DIY')) {
		for (const variant of ['n8n: node', `n8n: node ×${PARALLEL}`]) {
			const node = find(rows, diy.condition, diy.reports, variant);
			if (!node) continue;
			const speedup = diy.wallMs / node.wallMs;
			lines.push(
				`  - ${diy.conditionLabel}, ${diy.reports.toLocaleString('en-US')} reports: ${variant} is ${f(speedup)}× as fast as the DIY workflow ${speedup >= 3 ? '✓' : '✗'} (target ≥ 3×); CPU ${f(node.cpuMs / diy.cpuMs)}× the DIY's`,
			);
		}
	}
	return lines;
}

function connectionLines(rows: ResultRow[]): string[] {
	const lines: string[] = [];
	for (const condition of ['rtt30', 'rtt30tls']) {
		const floor = rows.find((row) => row.condition === condition && row.variant === 'floor' && row.reports === 10000) ??
			rows.find((row) => row.condition === condition && row.variant === 'floor');
		if (!floor) continue;
		const perCall = (row: ResultRow) => row.wallMs / row.requests;
		const parts = [floor, ...['n8n helper', 'node', `node ×${PARALLEL}`].map((variant) => find(rows, condition, floor.reports, variant))]
			.filter((row): row is ResultRow => row !== undefined)
			.map((row) => `${row.variant} ${f(perCall(row), 1)} ms per call over ${row.connections.toLocaleString('en-US')} connection${row.connections === 1 ? '' : 's'}`);
		lines.push(`  - ${floor.conditionLabel}, ${floor.reports.toLocaleString('en-US')} reports: ${parts.join('; ')}`);
	}
	return lines;
}

/** The node against another build of it (`--baseline`), same n8n version, same drains. */
function baselineLines(rows: ResultRow[]): string[] {
	const lines: string[] = [];
	for (const baseline of rows.filter((row) => row.variant === 'n8n: baseline')) {
		const node = find(rows, baseline.condition, baseline.reports, 'n8n: node');
		if (!node) continue;
		const change = (now: number, before: number) => `${now < before ? '−' : '+'}${f(Math.abs(now / before - 1) * 100, 0)}%`;
		lines.push(
			`  - ${baseline.conditionLabel}, ${baseline.reports.toLocaleString('en-US')} reports: ${f(baseline.wallMs / 1000)} s (baseline) → ${f(node.wallMs / 1000)} s (this build), ${change(node.wallMs, baseline.wallMs)}; CPU ${f(baseline.cpuMs / 1000)} → ${f(node.cpuMs / 1000)} s, ${change(node.cpuMs, baseline.cpuMs)}`,
		);
	}
	return lines;
}

/** The send batching case: one table, then the ratio of each one-call-per-item run to the combined one. */
function sendLines(rows: ResultRow[]): string[] {
	const header = ['Network', 'Customers', 'Variant', 'Wall (s)', 'SmsSend calls', 'TCP conn.', 'CPU (s)', 'Peak RSS (MB)'];
	const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
	for (const row of rows) {
		const variant = row.problems.length > 0 ? `${row.variant} ⚠ ${row.problems.join('; ')}` : row.variant;
		const cells = [row.conditionLabel, row.reports.toLocaleString('en-US'), variant, f(row.wallMs / 1000), row.requests.toLocaleString('en-US')];
		lines.push(`| ${[...cells, row.connections.toLocaleString('en-US'), f(row.cpuMs / 1000), f(row.peakRssMb, 0)].join(' | ')} |`);
	}
	lines.push('');
	for (const combined of rows.filter((row) => row.variant === 'send, combined')) {
		const single = find(rows, combined.condition, combined.reports, 'send, one call per item');
		if (!single) continue;
		const target = combined.reports / 50;
		lines.push(
			`- ${combined.conditionLabel}, ${combined.reports.toLocaleString('en-US')} customers: ${combined.requests.toLocaleString('en-US')} calls combined ${combined.requests === target ? '✓' : '✗'} (target ${target.toLocaleString('en-US')}) against ${single.requests.toLocaleString('en-US')} one per item; one call per item takes **${f(single.wallMs / combined.wallMs, 1)}×** as long (${f(single.wallMs / 1000)} s against ${f(combined.wallMs / 1000)} s) and ${f(single.cpuMs / combined.cpuMs, 1)}× the CPU`,
		);
	}
	return lines;
}

export function renderReport(report: RunReport): string {
	const out: string[] = [];
	out.push(`Run ${report.startedAt}, ${f(report.durationS / 60, 1)} min; options ${JSON.stringify(report.options)}`);
	out.push('', `Machine: ${Object.entries(report.machine).map(([k, v]) => `${k} ${v}`).join('; ')}`);
	if (report.sendRows?.length) out.push('', 'Sending (Message → Send through the engine, the same text to every customer):', '', ...sendLines(report.sendRows));
	if (report.rows.length === 0) return out.join('\n');
	out.push('');
	out.push(markdownTable(report.rows));
	out.push('');
	const problems = report.rows.filter((row) => row.problems.length > 0);
	if (problems.length > 0) out.push(`⚠ ${problems.length} rows did not drain exactly the backlog: see the Variant column.`, '');

	out.push('Targets, checked against this run:', '');
	// A heading only where the run has rows for it (a run may be limited to some variants).
	const section = (title: string, lines: string[]) => {
		if (lines.length > 0) out.push(`- **${title}**`, ...lines);
	};
	section('20 ms of server time: within 1.10× of the floor', ratioLines(report.rows, 'server20', 1.1));
	section('loopback: within 2× of the floor', [...ratioLines(report.rows, 'loopback', 2), ...helperShare(report.rows, 'loopback')]);
	section('connections at a 30 ms round trip', connectionLines(report.rows));
	section('memory grows with the reports emitted', memoryLines(report.rows));
	section('node vs the DIY workflow in the same n8n', diyLines(report.rows));
	section(`the node against the baseline build (${String(report.options.baseline ?? '')}) in the same n8n`, baselineLines(report.rows));
	if (report.complexity?.node && report.complexity.diy) {
		const { node, diy } = report.complexity;
		out.push(
			`  - to build: node ${node.nodes} node, ${node.expressions} expressions; DIY ${diy.nodes} nodes, ${diy.expressions} expressions, ${diy.codeLines} line(s) of code, plus the password typed into the workflow`,
		);
	}
	if (report.failureChecks) {
		out.push('- **one call failing part-way (HTTP 500), in the same n8n**');
		for (const check of report.failureChecks) {
			out.push(
				`  - ${check.variant}: call ${check.failingCall} of a ${check.reports}-report drain failed; ${check.dequeued} reports had left Mobset; webhook answered ${check.status}: ${check.answer.replace(/\s+/g, ' ').slice(0, 120)}`,
			);
		}
	}
	if (report.loadTime) {
		const { packageMs, coldMs, runs } = report.loadTime;
		out.push(
			`- **loading the package:** ${f(packageMs, 1)} ms with n8n-workflow already loaded ${packageMs < 50 ? '✓' : '✗'} (target < 50 ms); ${f(coldMs, 0)} ms including n8n-workflow itself (median of ${runs} fresh processes)`,
		);
	}
	const notes = report.rows.filter((row) => row.notes?.length);
	if (notes.length > 0) {
		out.push('', 'Real n8n processes:', '');
		for (const row of notes) out.push(`- ${row.conditionLabel}, ${row.reports}, ${row.variant}: ${row.notes!.join('; ')}`);
	}
	return out.join('\n');
}
