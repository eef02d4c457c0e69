// The node and the do-it-yourself workflow side by side inside a real n8n 2.41 (the cached runtime
// and setup of tools/n8n, as the end-to-end check uses them): the package is packed and
// installed as a community package, each workflow is started by its production webhook.
//
// Each variant gets an n8n of its own, started fresh for every condition and backlog, so that no
// drain inherits another one's heap; the instances of a group run at the same time and take
// turns, one drain each per round, so that other work on the machine slows them alike.
import { readlinkSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { N8nInstance } from '../n8n/instance';
import { postWebhook } from '../n8n/rest';
import { ensureN8nRuntime, type N8nRuntime } from '../n8n/runtime';
import { prepareInstance, type Workflow } from '../n8n/setup';
import type { Counters } from '../simulator';
import type { Condition } from './conditions';
import { repeatsFor } from './inProcessCase';
import { complexity, diyWorkflow, nodeWorkflow } from './n8nWorkflows';
import { commandLine, cpuMs, peakRssMb, processTree, resetPeak, rssMb } from './procStats';
import type { ResultRow } from './results';

const WARMUP_REPORTS = 1000;
const DRAIN_TIMEOUT_MS = 15 * 60_000;

/** `n8n: baseline` is the node from another build of the package (`--baseline <dir>`), e.g. an older one. */
export type RealVariant = 'n8n: node' | 'n8n: DIY' | 'n8n: baseline';

export interface RealCase {
	variant: RealVariant;
	parallel: number;
}

export interface PreparedN8n {
	runtime: N8nRuntime;
	/** One n8n (its own user folder and port) per variant, keyed by `caseKey`. */
	instances: Map<string, N8nInstance>;
	/** Webhook path of each variant under each condition. */
	paths: Map<string, string>;
	complexity: Record<string, ReturnType<typeof complexity>>;
	dispose(): Promise<void>;
}

const caseKey = (testCase: RealCase) => `${testCase.variant}|${testCase.parallel}`;
const pathKey = (conditionId: string, testCase: RealCase) => `${conditionId}|${caseKey(testCase)}`;

function label(testCase: RealCase): string {
	return testCase.parallel > 1 ? `${testCase.variant} ×${testCase.parallel}` : testCase.variant;
}

/**
 * For each variant an n8n user folder holding a credential and the variant's workflow for each
 * condition (their URLs differ: a condition with a round trip goes through its proxy).
 */
export async function prepareRealN8n(
	conditions: Condition[],
	cases: RealCase[],
	{ baselineRoot }: { baselineRoot?: string } = {},
): Promise<PreparedN8n> {
	if (cases.some((testCase) => testCase.variant === 'n8n: baseline') && !baselineRoot) {
		throw new Error('the n8n: baseline variant needs --baseline <dir> (a built copy of the package)');
	}
	const runtime = await ensureN8nRuntime();
	const credentials: object[] = [];
	const workflows = new Map<string, Workflow[]>(cases.map((testCase) => [caseKey(testCase), []]));
	const paths = new Map<string, string>();
	const shapes: PreparedN8n['complexity'] = {};
	for (const condition of conditions) {
		const id = condition.spec.id;
		const credentialId = `benchMobset${id}`;
		credentials.push({
			id: credentialId,
			name: `Mobset ${credentialId}`,
			type: 'mobsetApi',
			data: {
				...condition.sim.account,
				transport: condition.spec.https ? 'https' : 'http',
				baseUrl: condition.url,
				ignoreSslIssues: true,
			},
		});
		for (const testCase of cases) {
			const kind = { 'n8n: DIY': 'diy', 'n8n: node': 'node', 'n8n: baseline': 'baseline' }[testCase.variant];
			const webhookPath = `bench-${kind}-${id}-${testCase.parallel}`;
			const workflow =
				testCase.variant === 'n8n: DIY'
					? diyWorkflow(`benchDiy${id}`, webhookPath, { url: condition.url, account: condition.sim.account })
					: nodeWorkflow(`bench${kind}${id}${testCase.parallel}`, webhookPath, credentialId, testCase.parallel);
			workflows.get(caseKey(testCase))!.push(workflow);
			paths.set(pathKey(id, testCase), webhookPath);
			shapes[testCase.variant === 'n8n: DIY' ? 'diy' : 'node'] = complexity(workflow);
		}
	}
	const instances = new Map<string, N8nInstance>();
	const dispose = async () => {
		for (const instance of instances.values()) await instance.dispose();
	};
	try {
		for (const [key, own] of workflows) {
			instances.set(
				key,
				await prepareInstance({
					runtime,
					fresh: true,
					credentials,
					workflows: own,
					publish: own.map((workflow) => workflow.id),
					env: n8nEnv(),
					packageRoot: key.startsWith('n8n: baseline|') ? baselineRoot : undefined,
				}),
			);
		}
	} catch (error) {
		await dispose();
		throw error;
	}
	return { runtime, instances, paths, complexity: shapes, dispose };
}

function n8nEnv(): NodeJS.ProcessEnv {
	return {
		// Keep 100,000 items out of the database: a user's instance might save them, but that cost
		// is the same for both workflows and not what is compared here.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
		EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		NO_PROXY: '127.0.0.1,localhost,::1',
		HTTP_PROXY: '',
		HTTPS_PROXY: '',
		// For looking into n8n itself, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; timings then suffer.
		...(process.env.BENCH_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS } : {}),
	};
}

/** The `n8n start` process of an instance: its command line and working folder identify it. */
function findN8nPid(runtime: N8nRuntime, instance: N8nInstance): number {
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const pid = Number(name);
		const command = commandLine(pid);
		if (!command.includes(runtime.n8nBin) || !/ start$/.test(command)) continue;
		try {
			if (path.resolve(readlinkSync(`/proc/${pid}/cwd`)) === path.resolve(instance.userFolder)) return pid;
		} catch {
			// A process that just ended.
		}
	}
	throw new Error('could not find the running n8n process');
}

/** Runs a workflow through its production webhook and returns its last node's first item. */
async function callWebhook(
	instance: N8nInstance,
	webhookPath: string,
	{ untilRegistered = false } = {},
): Promise<Record<string, unknown>> {
	const { status, text } = await postWebhook(instance.url, webhookPath, { untilRegistered, timeoutMs: DRAIN_TIMEOUT_MS });
	if (status !== 200) throw new Error(`webhook ${webhookPath} answered ${status}: ${text.slice(0, 300)}`);
	return JSON.parse(text) as Record<string, unknown>;
}

interface Running {
	testCase: RealCase;
	instance: N8nInstance;
	webhookPath: string;
	startMs: number;
	tree: number[];
	rssBefore: number[];
	peaks: number[];
	runs: Array<{ wallMs: number; cpu: number[]; counters: Counters; first: Record<string, unknown> }>;
}

/** Starts a variant's n8n and warms it up on a small drain (JIT, first connection, task runner). */
async function startEntry(prepared: PreparedN8n, condition: Condition, testCase: RealCase): Promise<Running> {
	const instance = prepared.instances.get(caseKey(testCase))!;
	const webhookPath = prepared.paths.get(pathKey(condition.spec.id, testCase))!;
	const startedAt = Date.now();
	await instance.start();
	const startMs = Date.now() - startedAt;
	const pid = findN8nPid(prepared.runtime, instance);
	condition.prepare(WARMUP_REPORTS);
	await callWebhook(instance, webhookPath, { untilRegistered: true });
	// After the warm-up the task runner (if the workflow needs one) is running too.
	const tree = processTree(pid);
	return { testCase, instance, webhookPath, startMs, tree, rssBefore: [], peaks: [], runs: [] };
}

async function measureDrain(entry: Running, condition: Condition, reports: number): Promise<void> {
	condition.prepare(reports);
	// n8n cannot be made to collect its garbage between drains: memory is the first drain's.
	const first = entry.runs.length === 0;
	if (first) {
		entry.rssBefore = entry.tree.map(rssMb);
		for (const member of entry.tree) resetPeak(member);
	}
	const cpuBefore = entry.tree.map(cpuMs);
	const started = performance.now();
	const item = await callWebhook(entry.instance, entry.webhookPath);
	const wallMs = performance.now() - started;
	const cpu = entry.tree.map((member, i) => cpuMs(member) - cpuBefore[i]);
	if (first) entry.peaks = entry.tree.map(peakRssMb);
	entry.runs.push({ wallMs, cpu, counters: condition.sim.counters({ ids: false }), first: item });
}

/**
 * The variants of one condition and backlog take turns, one drain each per round. By default their
 * n8n run side by side for the whole group; `oneAtATime` starts a variant's n8n for each of its
 * drains and stops it again (for a machine where only one n8n may run), so every drain also
 * follows a fresh start and warm-up.
 */
export async function runRealGroup(
	prepared: PreparedN8n,
	condition: Condition,
	reports: number,
	cases: RealCase[],
	{ oneAtATime = false }: { oneAtATime?: boolean } = {},
): Promise<ResultRow[]> {
	const entries = new Map<RealCase, Running>();
	try {
		if (!oneAtATime) for (const testCase of cases) entries.set(testCase, await startEntry(prepared, condition, testCase));
		for (let round = 0; round < repeatsFor(condition, reports, { perCallMs: 2, shortRepeats: 5 }); round++) {
			for (const testCase of cases) {
				let entry = entries.get(testCase);
				if (oneAtATime) {
					const fresh = await startEntry(prepared, condition, testCase);
					// Runs, memory and start time carry over from the first session.
					entry = entry ? { ...entry, instance: fresh.instance, tree: fresh.tree } : fresh;
					entries.set(testCase, entry);
				}
				await measureDrain(entry!, condition, reports);
				if (oneAtATime) await entry!.instance.stop();
			}
		}
		return cases.map((testCase) => toRow(condition, reports, entries.get(testCase)!));
	} finally {
		// Also an instance that failed to start before it was recorded.
		for (const testCase of cases) await prepared.instances.get(caseKey(testCase))!.stop();
	}
}

function toRow(condition: Condition, reports: number, entry: Running): ResultRow {
	const problems = new Set<string>();
	for (const { counters, first } of entry.runs) {
		if (counters.dequeued !== reports) problems.add(`fetched ${counters.dequeued} of ${reports}`);
		if (counters.queued !== 0) problems.add(`${counters.queued} left on the queue`);
		if (!('smsId' in first) && !('SmsId' in first)) problems.add(`unexpected first item ${JSON.stringify(first).slice(0, 120)}`);
	}
	// Time and CPU are the median drain's.
	const { wallMs, cpu, counters } = [...entry.runs].sort((x, y) => x.wallMs - y.wallMs)[Math.floor(entry.runs.length / 2)];
	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	const processes = entry.tree.length > 1 ? `n8n + ${entry.tree.length - 1} child process(es)` : 'n8n process';
	return {
		condition: condition.spec.id,
		conditionLabel: condition.spec.label,
		reports,
		variant: label(entry.testCase),
		wallMs,
		requests: counters.requestsByMethod.SmsGetReport ?? 0,
		connections: counters.connections,
		peakRssMb: sum(entry.peaks),
		rssBeforeMb: sum(entry.rssBefore),
		cpuMs: sum(cpu),
		where: `${processes}${entry.runs.length > 1 ? `, median of ${entry.runs.length}` : ''}`,
		problems: [...problems],
		notes: [
			`n8n started in ${(entry.startMs / 1000).toFixed(1)} s`,
			...entry.tree.map(
				(member, i) =>
					`${i === 0 ? 'n8n' : 'task runner'}: RSS ${entry.rssBefore[i].toFixed(0)} MB before, peak ${entry.peaks[i].toFixed(0)} MB, CPU ${cpu[i]} ms`,
			),
		],
	};
}

export interface FailureCheck {
	variant: RealVariant;
	reports: number;
	failingCall: number;
	/** What the webhook answered: the workflow's first output item, or n8n's error. */
	status: number;
	answer: string;
	/** Reports Mobset (the simulator) handed out before the failure: gone from its queue. */
	dequeued: number;
}

/**
 * The same drain with one SmsGetReport call failing part-way (HTTP 500 on call `failingCall`):
 * what becomes of the reports the earlier calls already took off the queue.
 */
export async function runFailureChecks(
	prepared: PreparedN8n,
	condition: Condition,
	reports = 1000,
	failingCall = 11,
): Promise<FailureCheck[]> {
	const checks: FailureCheck[] = [];
	for (const testCase of [
		{ variant: 'n8n: node', parallel: 1 },
		{ variant: 'n8n: DIY', parallel: 1 },
	] as RealCase[]) {
		const instance = prepared.instances.get(caseKey(testCase));
		const webhookPath = prepared.paths.get(pathKey(condition.spec.id, testCase));
		if (!instance || !webhookPath) continue;
		await instance.start();
		try {
			condition.prepare(reports);
			condition.sim.injectFault({ kind: 'http500', afterCalls: failingCall - 1 });
			const { status, text } = await postWebhook(instance.url, webhookPath, { untilRegistered: true, timeoutMs: DRAIN_TIMEOUT_MS });
			checks.push({
				variant: testCase.variant,
				reports,
				failingCall,
				status,
				answer: text.slice(0, 200),
				dequeued: condition.sim.counters({ ids: false }).dequeued,
			});
		} finally {
			await instance.stop();
		}
	}
	return checks;
}
