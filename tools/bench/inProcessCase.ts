// Runs the in-process variants (floor, n8n helper, node, trigger) of one condition and backlog,
// each in a fresh child process, and turns what they measured, plus the simulator's counters,
// into result rows.
//
// The children of a group are all started first and then take turns, one drain each per round:
// on a shared machine a burst of other work then slows every variant a little instead of one
// variant a lot, which keeps the ratios to the floor honest.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PAGE_SIZE } from '../../nodes/protocol/drain';
import { n8nCoreEnv } from '../harness/n8nCoreEnv';
import type { Counters } from '../simulator';
import type { Condition } from './conditions';
import type { ChildMessage, ChildSpec, InProcessVariant, Measurement, ParentMessage } from './protocol';
import type { ResultRow } from './results';

/** Enough calls for the JIT to settle on the hot paths, few enough to cost nothing. */
const WARMUP_REPORTS = 1000;
const STEP_TIMEOUT_MS = 15 * 60_000;

export interface InProcessCase {
	variant: InProcessVariant;
	parallel: number;
	/** `send` only: Combine Identical Messages. */
	combine?: boolean;
}

/** What one measured run does to the simulator, and which of its calls the row counts. */
export interface Workload {
	/** The SDK3 method whose calls the row counts. */
	method: 'SmsGetReport' | 'SmsSend';
	/** Readies the simulator for one run of `size` (reports to drain, customers to send to). */
	prepare(condition: Condition, size: number): void;
	/** A drain must leave the report queue empty; a send fills it. */
	emptiesQueue: boolean;
	/** Measured runs per variant, when not `repeatsFor`'s. */
	repeats?: (condition: Condition) => number;
}

export const DRAIN: Workload = { method: 'SmsGetReport', prepare: (condition, size) => condition.prepare(size), emptiesQueue: true };
export const SEND: Workload = {
	method: 'SmsSend',
	prepare: (condition) => condition.prepare(0),
	emptiesQueue: false,
	// One call per item is 50 times the calls: a single run over a network already takes long.
	repeats: (condition) => (condition.spec.serverMs + condition.spec.rttMs > 0 ? 1 : 3),
};

/**
 * Short drains are repeated and the median kept: one loopback drain of 1,000 reports takes
 * ~30 ms, where a scheduling hiccup alone would move the ratio by half. `perCallMs` is what a call
 * costs beyond the condition's server time and round trips; a real n8n pays more per call and
 * starts slower, so it repeats a short drain fewer times.
 */
export function repeatsFor(condition: Condition, reports: number, { perCallMs = 1, shortRepeats = 7 } = {}): number {
	const expectedMs = (reports / PAGE_SIZE) * (condition.spec.serverMs + condition.spec.rttMs * 2 + perCallMs);
	if (expectedMs < 1000) return shortRepeats;
	if (expectedMs < 5000) return 3;
	return 1;
}

export function variantLabel(variant: string, parallel: number, combine?: boolean): string {
	if (variant === 'send') return combine === false ? 'send, one call per item' : 'send, combined';
	return parallel > 1 ? `${variant} ×${parallel}` : variant;
}

/** One child process and the request/answer steps of protocol.ts. */
class Child {
	private readonly process: ChildProcess;

	private readonly userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-mobset-bench-'));

	private readonly inbox: ChildMessage[] = [];

	private waiting: { resolve: (message: ChildMessage) => void; reject: (error: Error) => void } | undefined;

	private exited = false;

	constructor(spec: ChildSpec) {
		this.process = fork(path.join(__dirname, 'child.js'), [JSON.stringify(spec)], {
			env: n8nCoreEnv(this.userFolder),
			// BENCH_CHILD_FLAGS (e.g. `--cpu-prof`) is for looking into one variant; timings then suffer.
			execArgv: ['--expose-gc', ...(process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean)],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		this.process.on('message', (message: ChildMessage) => {
			if (this.waiting) {
				const { resolve } = this.waiting;
				this.waiting = undefined;
				resolve(message);
			} else this.inbox.push(message);
		});
		this.process.on('exit', (code, signal) => {
			this.exited = true;
			this.waiting?.reject(new Error(`bench child exited (${signal ?? code}) before answering`));
		});
	}

	private next(): Promise<ChildMessage> {
		const queued = this.inbox.shift();
		if (queued) return Promise.resolve(queued);
		if (this.exited) return Promise.reject(new Error('bench child has exited'));
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('bench child did not answer in time')), STEP_TIMEOUT_MS);
			this.waiting = {
				resolve: (message) => {
					clearTimeout(timer);
					resolve(message);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				},
			};
		});
	}

	async expect<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
		const message = await this.next();
		if (message.type === 'failed') throw new Error(message.error);
		if (message.type !== type) throw new Error(`bench child answered ${message.type}, expected ${type}`);
		return message as Extract<ChildMessage, { type: T }>;
	}

	send(message: ParentMessage): void {
		this.process.send(message);
	}

	/** The child exits by itself when told to (writing a --cpu-prof takes a moment). */
	async close(): Promise<void> {
		if (!this.exited) {
			const exited = new Promise((resolve) => this.process.once('exit', resolve));
			if (this.process.connected) this.send({ type: 'exit' });
			const grace = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(grace);
		}
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export async function runInProcessGroup(
	condition: Condition,
	reports: number,
	cases: InProcessCase[],
	workload: Workload = DRAIN,
): Promise<ResultRow[]> {
	const children: Child[] = [];
	try {
		// Start and warm up every variant before any is measured.
		for (const testCase of cases) {
			const child = new Child({
				variant: testCase.variant,
				url: condition.url,
				account: condition.sim.account,
				parallel: testCase.parallel,
				customers: reports,
				combine: testCase.combine,
			});
			children.push(child);
			await child.expect('ready');
			workload.prepare(condition, WARMUP_REPORTS);
			child.send({ type: 'warmup' });
			await child.expect('warm');
		}

		const runs: Array<Array<{ measurement: Measurement; counters: Counters }>> = cases.map(() => []);
		const repeats = workload.repeats?.(condition) ?? repeatsFor(condition, reports);
		for (let round = 0; round < repeats; round++) {
			for (const [i, child] of children.entries()) {
				workload.prepare(condition, reports);
				child.send({ type: 'measure' });
				const { measurement } = await child.expect('result');
				runs[i].push({ measurement, counters: condition.sim.counters({ ids: false }) });
			}
		}
		return cases.map((testCase, i) => toRow(condition, reports, testCase, runs[i], workload));
	} finally {
		for (const child of children) await child.close();
	}
}

function toRow(
	condition: Condition,
	reports: number,
	testCase: InProcessCase,
	runs: Array<{ measurement: Measurement; counters: Counters }>,
	workload: Workload,
): ResultRow {
	const problems = new Set<string>();
	for (const { measurement, counters } of runs) {
		if (measurement.reports !== reports) problems.add(`emitted ${measurement.reports} of ${reports}`);
		if (measurement.distinctIds !== measurement.reports) problems.add(`${measurement.reports - measurement.distinctIds} duplicates`);
		if (workload.emptiesQueue && counters.queued !== 0) problems.add(`${counters.queued} left on the queue`);
	}
	// The median run by wall time stands for the case. Memory is the first drain's: later ones start
	// with pages V8 kept from the one before, which hides what a drain needs on its own.
	const { measurement, counters } = [...runs].sort((a, b) => a.measurement.wallMs - b.measurement.wallMs)[
		Math.floor(runs.length / 2)
	];
	const first = runs[0];
	return {
		condition: condition.spec.id,
		conditionLabel: condition.spec.label,
		reports,
		variant: variantLabel(testCase.variant, testCase.parallel, testCase.combine),
		wallMs: measurement.wallMs,
		requests: counters.requestsByMethod[workload.method] ?? 0,
		connections: counters.connections,
		peakRssMb: first.measurement.peakRssMb,
		rssBeforeMb: first.measurement.rssBeforeMb,
		heapAfterMb: measurement.heapAfterMb,
		cpuMs: measurement.cpuUserMs + measurement.cpuSystemMs,
		where: runs.length > 1 ? `child process, median of ${runs.length}` : 'child process',
		problems: [...problems],
	};
}
