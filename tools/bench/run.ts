// `npm run bench`: drains backlogs of reports from the simulator with the floor client, n8n's
// helper, the node and the trigger (each in a fresh child process), and with the node and a
// do-it-yourself workflow inside a real n8n; sends to 10,000 customers with identical messages
// combined and with one call per item; prints the tables and checks the speed targets.
// Never part of the tests: figures depend on the machine. See docs/performance.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { CONDITIONS, startCondition, type Condition, type ConditionId } from './conditions';
import { runInProcessGroup, SEND } from './inProcessCase';
import { measureLoadTime } from './loadTime';
import { buildPlan, type InProcessStep, type RealStep, type SendStep, type Step } from './plan';
import { prepareRealN8n, runFailureChecks, runRealGroup, type RealCase } from './realN8n';
import { renderReport, type RunReport } from './report';
import type { ResultRow } from './results';

const USAGE = `Usage: npm run bench -- [options]
  --quick                1,000 and 10,000 reports, fewer conditions (a few minutes)
  --no-n8n               skip the real-n8n comparison (node vs do-it-yourself workflow)
  --sends-only           only the send batching case (combined vs one call per item)
  --variants <labels>    variants to keep, by their label in the table, comma-separated
                         (e.g. floor,n8n: node,n8n: baseline)
  --baseline <dir>       also run the node from another built copy of the package in a real n8n
                         ("n8n: baseline"), e.g. a build of an earlier commit
  --one-n8n-at-a-time    start each real n8n for its own drains and stop it again, instead of
                         running a group's n8n side by side (for a machine shared with others)
  --only <ids>           conditions, comma-separated: ${Object.keys(CONDITIONS).join(', ')}
  --sizes <n,...>        backlog sizes to keep from the plan
  --write-docs           put the table and findings into docs/performance.md
  --from-json <file>     measure nothing: render an earlier run's last-run.json (with --write-docs)
  --help`;

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DOCS = path.join(ROOT, 'docs', 'performance.md');
const OUT_DIR = path.join(ROOT, '.cache', 'bench');
const BEGIN = '<!-- bench:begin (written by `npm run bench -- --write-docs`) -->';
const END = '<!-- bench:end -->';

function say(line: string): void {
	process.stderr.write(`[bench] ${line}\n`);
}

function machine(): Record<string, string> {
	const cpus = os.cpus();
	const pkg = (name: string) => {
		try {
			return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
		} catch {
			return '?';
		}
	};
	return {
		cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? '?'}`,
		memory: `${Math.round(os.totalmem() / 1024 ** 3)} GB`,
		os: `${os.type()} ${os.release()}`,
		node: process.version,
		'n8n-core': pkg('n8n-core'),
		undici: pkg('undici'),
	};
}

const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join('/');

function parse() {
	const { values } = parseArgs({
		options: {
			quick: { type: 'boolean', default: false },
			'no-n8n': { type: 'boolean', default: false },
			'sends-only': { type: 'boolean', default: false },
			variants: { type: 'string' },
			baseline: { type: 'string' },
			'one-n8n-at-a-time': { type: 'boolean', default: false },
			only: { type: 'string' },
			sizes: { type: 'string' },
			'write-docs': { type: 'boolean', default: false },
			'from-json': { type: 'string' },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		process.exit(0);
	}
	const conditions = values.only?.split(',').map((id) => id.trim()) as ConditionId[] | undefined;
	for (const id of conditions ?? []) {
		if (!(id in CONDITIONS)) {
			process.stderr.write(`unknown condition ${id}\n\n${USAGE}\n`);
			process.exit(2);
		}
	}
	return {
		quick: values.quick === true,
		n8n: values['no-n8n'] !== true,
		sendsOnly: values['sends-only'] === true,
		variants: values.variants?.split(',').map((label) => label.trim()),
		baselineRoot: values.baseline ? path.resolve(values.baseline) : undefined,
		baseline: values.baseline !== undefined,
		oneAtATime: values['one-n8n-at-a-time'] === true,
		conditions,
		sizes: values.sizes?.split(',').map(Number),
		writeDocs: values['write-docs'] === true,
		fromJson: values['from-json'],
	};
}

/** Steps of one kind, condition and backlog, in plan order: they are measured together. */
function groups<T extends Step>(steps: T[]): T[][] {
	const byKey = new Map<string, T[]>();
	for (const step of steps) {
		const key = `${step.kind}|${step.condition}|${step.reports}`;
		byKey.set(key, [...(byKey.get(key) ?? []), step]);
	}
	return [...byKey.values()];
}

function uniqueCases(steps: RealStep[]): RealCase[] {
	const seen = new Map<string, RealCase>();
	for (const step of steps) seen.set(`${step.variant}|${step.parallel}`, { variant: step.variant, parallel: step.parallel });
	return [...seen.values()];
}

function describeGroup(group: Step[]): string {
	const { condition, reports, kind } = group[0];
	const where = kind === 'real-n8n' ? 'real n8n' : 'engine';
	const what = kind === 'send' ? 'customers to send to' : 'reports';
	return `${CONDITIONS[condition].label}, ${reports.toLocaleString('en-US')} ${what}, ${where}: ${group.length} variants`;
}

function writeDocs(rendered: string): void {
	const docs = readFileSync(DOCS, 'utf8');
	const begin = docs.indexOf(BEGIN);
	const end = docs.indexOf(END);
	if (begin < 0 || end < begin) throw new Error(`${DOCS} has no ${BEGIN} … ${END} section`);
	const updated = `${docs.slice(0, begin + BEGIN.length)}\n\n${rendered}\n\n${docs.slice(end)}`;
	writeFileSync(DOCS, updated);
}

async function main(): Promise<void> {
	const options = parse();
	if (options.fromJson) {
		const rendered = renderReport(JSON.parse(readFileSync(options.fromJson, 'utf8')) as RunReport);
		process.stdout.write(`${rendered}\n`);
		if (options.writeDocs) writeDocs(rendered);
		return;
	}
	const started = Date.now();
	const loadAtStart = loadAverage();
	const plan = buildPlan(options);
	say(`${plan.length} drains planned${options.quick ? ' (--quick)' : ''}`);

	const conditions = new Map<ConditionId, Condition>();
	const condition = async (id: ConditionId) => {
		let found = conditions.get(id);
		if (!found) {
			found = await startCondition(CONDITIONS[id]);
			conditions.set(id, found);
		}
		return found;
	};

	const result: RunReport = {
		machine: machine(),
		startedAt: new Date(started).toISOString(),
		durationS: 0,
		options: {
			quick: options.quick,
			n8n: options.n8n,
			sendsOnly: options.sendsOnly,
			only: options.conditions,
			sizes: options.sizes,
			variants: options.variants,
			baseline: options.baselineRoot,
			oneAtATime: options.oneAtATime,
		},
		rows: [],
		sendRows: [],
	};
	const rows: ResultRow[] = result.rows;
	const report = (found: ResultRow[], into = rows) => {
		into.push(...found);
		for (const row of found) {
			say(`  ${row.variant}: ${(row.wallMs / 1000).toFixed(2)} s${row.problems.length ? ` ⚠ ${row.problems.join('; ')}` : ''}`);
		}
	};

	try {
		if (!options.sendsOnly) {
			say('loading the package in fresh processes');
			result.loadTime = measureLoadTime();
		}

		for (const group of groups(plan.filter((step): step is SendStep => step.kind === 'send'))) {
			say(describeGroup(group));
			const cases = group.map((step) => ({ variant: 'send' as const, parallel: 1, combine: step.combine }));
			report(await runInProcessGroup(await condition(group[0].condition), group[0].reports, cases, SEND), result.sendRows);
		}

		for (const group of groups(plan.filter((step): step is InProcessStep => step.kind === 'in-process'))) {
			say(describeGroup(group));
			const found = await runInProcessGroup(await condition(group[0].condition), group[0].reports, group);
			report(found);
		}

		const realSteps = plan.filter((step): step is RealStep => step.kind === 'real-n8n');
		if (realSteps.length > 0) {
			const realConditions = await Promise.all([...new Set(realSteps.map((step) => step.condition))].map(condition));
			const cases = uniqueCases(realSteps);
			say(`preparing ${cases.length} real n8n instances (packing and installing the package, importing workflows)`);
			const prepared = await prepareRealN8n(realConditions, cases, { baselineRoot: options.baselineRoot });
			try {
				result.complexity = prepared.complexity;
				for (const group of groups(realSteps)) {
					say(describeGroup(group));
					const found = await runRealGroup(prepared, await condition(group[0].condition), group[0].reports, group, {
						oneAtATime: options.oneAtATime,
					});
					report(found);
				}
				const loopback = realConditions.find((c) => c.spec.id === 'loopback') ?? realConditions[0];
				say('failure part-way: node vs DIY');
				result.failureChecks = await runFailureChecks(prepared, loopback);
			} finally {
				await prepared.dispose();
			}
		}
	} finally {
		for (const c of conditions.values()) await c.close();
	}

	result.durationS = (Date.now() - started) / 1000;
	// Other work on the machine moves the figures: say how busy it was.
	result.machine.load = `${loadAtStart} at the start, ${loadAverage()} at the end (1/5/15-min averages)`;
	const rendered = renderReport(result);
	process.stdout.write(`${rendered}\n`);
	mkdirSync(OUT_DIR, { recursive: true });
	writeFileSync(path.join(OUT_DIR, 'last-run.json'), JSON.stringify(result, null, '\t'));
	writeFileSync(path.join(OUT_DIR, 'last-run.md'), `${rendered}\n`);
	say(`saved ${path.relative(ROOT, OUT_DIR)}/last-run.{md,json}`);
	if (options.writeDocs) {
		writeDocs(rendered);
		say(`updated ${path.relative(ROOT, DOCS)}`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
