// The fault soak: a simulator holding tens of thousands of reports and receiving more, seeded
// random faults on every SmsGetReport call, and the package's trigger (real PollContext) and
// regular node (real WorkflowExecute) taking turns on the same queue until it is empty. It returns
// what happened; the test decides what must hold (see soak.test.ts and docs/reliability.md).
import type { INodeExecutionData } from 'n8n-workflow';

import { MobsetSmsReports } from '../../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { MobsetSmsReportsTrigger } from '../../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { startSimulator, type FaultKind, type MobsetSimulator } from '../../../tools/simulator';
import { FAULT_KINDS } from '../../../tools/simulator/faults';
import { Prng } from '../../../tools/simulator/prng';
import { createPoller, outcomeRun, runNode, type Poller } from '../../../tools/harness';

/** Every fault the simulator can inject at random that needs no parameters from the test. */
export const SOAK_FAULT_KINDS: FaultKind[] = FAULT_KINDS.filter((kind) => kind !== 'respond' && kind !== 'random');

/**
 * A run that has not returned after this long hangs: the slowest legitimate run is one time-out
 * plus a few calls. Caught here, per run, so that the soak as a whole needs no time limit that
 * would also have to cover a slow or busy machine's throughput.
 */
export const HUNG_RUN_MS = 60_000;

async function unlessHung<T>(work: Promise<T>, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const hung = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not return within ${HUNG_RUN_MS / 1000} s: it hangs.`)), HUNG_RUN_MS);
	});
	try {
		return await Promise.race([work, hung]);
	} finally {
		clearTimeout(timer);
	}
}

export interface SoakPlan {
	label: string;
	/** Seeds the fault stream and every choice the loop makes. */
	seed: number;
	/** Reports queued before the first poll. */
	initialReports: number;
	/** Reports arriving per second while the feed runs (it also runs during calls). */
	feedPerSecond: number;
	feedForMs: number;
	/** Share of arriving reports that repeat one seen recently (same SmsId and Status). */
	repeatShare: number;
	/** Chance that an SmsGetReport call hits a fault. */
	faultProbability: number;
	faultKinds: FaultKind[];
	/** The Request Timeout option of both nodes. */
	requestTimeoutSeconds: number;
	/** Who takes reports off the queue: trigger and regular node in turn, or the trigger alone. */
	consumers: 'both' | 'trigger';
	/** The trigger's "Skip Reports Already Seen" option. */
	skipSeen: boolean;
	/** Rounds during which Mobset's clock runs 25 minutes behind ours: every call is refused. */
	clockSkewRounds: [number, number];
	/** Restart the trigger (a new workflow from the saved static data) every this many rounds; 0: never. */
	restartEveryRounds: number;
	/** The Parallel Requests option, where the nodes have it. */
	parallelRequests: number;
	/** Safety stop: a run that needs more rounds than this has stopped making progress. */
	maxRounds: number;
}

export interface SoakRun {
	round: number;
	consumer: 'trigger' | 'node';
	ms: number;
	emitted: number;
	/** The error the run reported, if it failed with nothing to hand over. */
	error?: { name: string; message: string; description?: string | null };
	/** Faults fired during this run, by kind. */
	faults: Record<string, number>;
}

export interface SoakTotals {
	label: string;
	seed: number;
	seeded: number;
	repeatsSeeded: number;
	dequeued: number;
	emitted: number;
	lostInFlight: number;
	/** Emissions of an id already emitted before (not counting redeliveries, which are marked). */
	duplicates: number;
	/**
	 * Items the trigger handed over again, marked `redelivered`: after a restart, the batches whose
	 * confirmation had not been saved yet (n8n saves static data only when a poll emits).
	 */
	redelivered: number;
	/** Distinct ids handed out (and not lost on the wire) that never reached the workflow: must be 0. */
	missing: number;
	/** Emissions beyond what was handed out and not lost (an id emitted more often than that): must be 0. */
	unexpected: number;
	/** Times Mobset handed out an id it had handed out before (only the plans that repeat reports). */
	repeatsHandedOut: number;
	left: number;
	polls: number;
	nodeRuns: number;
	failedRuns: number;
	requests: number;
	faults: Record<string, number>;
	slowestRunMs: number;
	slowestStalledRunMs: number;
	elapsedMs: number;
	errors: Record<string, number>;
}

export interface SoakOutcome {
	totals: SoakTotals;
	runs: SoakRun[];
	emittedIds: string[];
	/** Emitted ids of the runs that keep Mobset's order (all but those split by outcome). */
	orderedIds: string[];
	/** Ids handed out and not lost on the wire, one entry per time handed out. */
	deliverableIds: string[];
}

const SKEW_MS = -25 * 60_000;

const idsOf = (items: INodeExecutionData[]) => items.map((item) => String(item.json.smsId));

/** How often each id occurs. */
function tally(ids: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
	return counts;
}

/** `a` minus `b`, occurrence by occurrence. */
function subtract(a: string[], b: string[]): string[] {
	const remove = tally(b);
	const out: string[] = [];
	for (const id of a) {
		const n = remove.get(id) ?? 0;
		if (n > 0) remove.set(id, n - 1);
		else out.push(id);
	}
	return out;
}

function faultDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
	const delta: Record<string, number> = {};
	for (const [kind, n] of Object.entries(after)) if (n !== (before[kind] ?? 0)) delta[kind] = n - (before[kind] ?? 0);
	return delta;
}

/** Queues new reports, and some repeats of recent ones, at a steady rate. */
class Feeder {
	seeded = 0;
	repeats = 0;
	private recent: Array<{ smsId: string; status: string; reportTime: string; exStatus: string }> = [];
	private timer?: NodeJS.Timeout;

	constructor(
		private readonly sim: MobsetSimulator,
		private readonly prng: Prng,
		private readonly repeatShare: number,
	) {}

	add(count: number): void {
		const fresh = Math.round(count * (1 - this.repeatShare));
		for (const report of this.sim.seedReports(fresh)) {
			// Kept short so a repeat lands well inside the trigger's 10,000-report memory.
			if (this.recent.push(report) > 2000) this.recent.shift();
		}
		this.seeded += fresh;
		const repeats = count - fresh;
		if (repeats > 0 && this.recent.length > 0) {
			const specs = Array.from({ length: repeats }, () => {
				const { smsId, status, reportTime, exStatus } = this.prng.pick(this.recent);
				return { smsId, status, reportTime, exStatus };
			});
			this.sim.seedReports(specs);
			this.repeats += specs.length;
		}
	}

	start(perSecond: number): void {
		let credit = 0;
		this.timer = setInterval(() => {
			credit += perSecond / 10;
			const due = Math.floor(credit);
			credit -= due;
			if (due > 0) this.add(due);
		}, 100);
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}
}

function errorSummary(error: Error | undefined): SoakRun['error'] {
	if (!error) return undefined;
	return { name: error.name, message: error.message, description: (error as { description?: string | null }).description };
}

export async function runSoak(plan: SoakPlan): Promise<SoakOutcome> {
	const sim = await startSimulator({ port: 0, seed: plan.seed });
	const prng = new Prng(plan.seed);
	const feeder = new Feeder(sim, prng, plan.repeatShare);
	const runs: SoakRun[] = [];
	const emittedIds: string[] = [];
	let redelivered = 0;
	const orderedIds: string[] = [];
	const options = { requestTimeout: plan.requestTimeoutSeconds, parallelRequests: plan.parallelRequests };
	const credentials = { ...sim.account, baseUrl: sim.url };
	const triggerParameters = { options: { ...options, skipSeen: plan.skipSeen } };
	const newPoller = (staticData?: Record<string, unknown>): Poller =>
		createPoller({
			nodeType: new MobsetSmsReportsTrigger(),
			credentials,
			parameters: triggerParameters,
			staticData: staticData as never,
		});
	const started = Date.now();

	try {
		feeder.add(plan.initialReports);
		sim.injectFault({
			kind: 'random',
			kinds: plan.faultKinds,
			probability: plan.faultProbability,
			seed: plan.seed,
			count: 'forever',
			// A full page (~5 kB) drips for ~8 s: far past the 1 s time-out, short enough that a client
			// without a deadline fails the "slowest run" check instead of the test's own time-out.
			intervalMs: 50,
			chunkBytes: 32,
		});
		feeder.start(plan.feedPerSecond);
		let feeding = true;
		let poller = newPoller();
		let lastSaved: Record<string, unknown> | undefined;

		for (let round = 1; round <= plan.maxRounds; round++) {
			if (feeding && Date.now() - started >= plan.feedForMs) {
				feeder.stop();
				feeding = false;
			}
			const [skewFrom, skewTo] = plan.clockSkewRounds;
			sim.setSwitches({ clockOffsetMs: round >= skewFrom && round <= skewTo ? SKEW_MS : 0 });
			if (plan.restartEveryRounds > 0 && round % plan.restartEveryRounds === 0) {
				// As n8n after a restart: a fresh workflow with the static data it last saved.
				poller = newPoller(lastSaved);
			}

			const consumer = plan.consumers === 'trigger' || prng.next() < 0.5 ? 'trigger' : 'node';
			const faultsBefore = sim.counters({ ids: false }).faultsFired;
			const runStarted = Date.now();
			let emitted: string[] = [];
			let error: Error | undefined;
			let split = false;
			if (consumer === 'trigger') {
				const poll = await unlessHung(poller.poll(), `${plan.label}: poll of round ${round}`);
				// A healthy n8n: the execution carrying the reports succeeds.
				poll.done?.resolve(outcomeRun('success'));
				const items = poll.result?.flat() ?? [];
				emitted = idsOf(items.filter((item) => item.json.redelivered !== true));
				redelivered += items.length - emitted.length;
				error = poll.error;
				if (poll.savedStaticData) lastSaved = poll.savedStaticData;
			} else {
				const queued = sim.counters({ ids: false }).queued;
				const limit = prng.pick([50, 120, 500, 1000]);
				split = prng.next() < 0.3;
				const run = await unlessHung(runNode({
					nodeType: new MobsetSmsReports(),
					credentials,
					parameters: {
						operation: 'getMany',
						// Return All only on a short queue, so one run cannot take the whole soak.
						...(queued < 1500 && prng.next() < 0.5 ? { returnAll: true } : { limit }),
						splitByOutcome: split,
						options,
					},
				}), `${plan.label}: node run of round ${round}`);
				emitted = idsOf(run.outputs.flat());
				error = run.error as Error | undefined;
			}
			emittedIds.push(...emitted);
			if (!split) orderedIds.push(...emitted);
			runs.push({
				round,
				consumer,
				ms: Date.now() - runStarted,
				emitted: emitted.length,
				error: errorSummary(error),
				faults: faultDelta(faultsBefore, sim.counters({ ids: false }).faultsFired),
			});
			if (!feeding && round > plan.clockSkewRounds[1] && sim.counters({ ids: false }).queued === 0) break;
		}
	} finally {
		feeder.stop();
	}

	const counters = sim.counters();
	await sim.close();
	const deliverableIds = subtract(counters.dequeuedIds, counters.droppedInFlightIds);
	const errors: Record<string, number> = {};
	for (const run of runs) if (run.error) errors[run.error.message] = (errors[run.error.message] ?? 0) + 1;
	const stalled = runs.filter((run) => run.faults.stall || run.faults.trickle);
	const emittedSet = new Set(emittedIds);
	const totals: SoakTotals = {
		label: plan.label,
		seed: plan.seed,
		seeded: feeder.seeded,
		repeatsSeeded: feeder.repeats,
		dequeued: counters.dequeued,
		emitted: emittedIds.length,
		lostInFlight: counters.droppedInFlightIds.length,
		duplicates: emittedIds.length - new Set(emittedIds).size,
		redelivered,
		missing: new Set(deliverableIds.filter((id) => !emittedSet.has(id))).size,
		unexpected: subtract(emittedIds, deliverableIds).length,
		repeatsHandedOut: deliverableIds.length - new Set(deliverableIds).size,
		left: counters.queued,
		polls: runs.filter((run) => run.consumer === 'trigger').length,
		nodeRuns: runs.filter((run) => run.consumer === 'node').length,
		failedRuns: runs.filter((run) => run.error).length,
		requests: counters.requestsByMethod.SmsGetReport ?? 0,
		faults: counters.faultsFired,
		slowestRunMs: Math.max(0, ...runs.map((run) => run.ms)),
		slowestStalledRunMs: Math.max(0, ...stalled.map((run) => run.ms)),
		elapsedMs: Date.now() - started,
		errors,
	};
	return { totals, runs, emittedIds, orderedIds, deliverableIds };
}

/** The totals as a short block for the test log. */
export function formatTotals(totals: SoakTotals): string {
	const faults = Object.entries(totals.faults)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([kind, n]) => `${kind} ${n}`)
		.join(', ');
	return [
		`soak "${totals.label}" (seed ${totals.seed}, ${(totals.elapsedMs / 1000).toFixed(1)} s)`,
		`  seeded ${totals.seeded} (+${totals.repeatsSeeded} repeats), dequeued ${totals.dequeued}, emitted ${totals.emitted}, lost in flight ${totals.lostInFlight}`,
		`  duplicates ${totals.duplicates}, redelivered (marked) ${totals.redelivered}, missing ${totals.missing}, unexpected ${totals.unexpected}, left on queue ${totals.left}` +
			(totals.repeatsHandedOut ? `, repeats handed out ${totals.repeatsHandedOut}` : ''),
		`  polls ${totals.polls}, node runs ${totals.nodeRuns}, failed runs ${totals.failedRuns}, SmsGetReport calls ${totals.requests}`,
		`  slowest run ${totals.slowestRunMs} ms, slowest run with a stall ${totals.slowestStalledRunMs} ms`,
		`  faults: ${faults}`,
	].join('\n');
}
