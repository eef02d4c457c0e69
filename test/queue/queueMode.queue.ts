// The package in n8n's queue mode (`npm run test:queue`): real PostgreSQL and Redis, the pinned n8n
// as one main and two workers, each with the package installed, against the Mobset simulator. The
// cases run in order on one cluster, each starting from what the one before left.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { packPackage } from '../../tools/n8n/communityPackage';
import { log } from '../../tools/n8n/proc';
import { ensureN8nRuntime, type N8nRuntime } from '../../tools/n8n/runtime';
import { repoRoot, simulatorCredential } from '../../tools/n8n/setup';
import { QueueCluster, type Worker } from '../../tools/queue/cluster';
import { ensureServicePackages, startPostgres, startRedis, type Postgres, type Redis } from '../../tools/queue/services';
import { startSimulator, type MobsetSimulator } from '../../tools/simulator';
import { startQueueSink, type Delivery, type QueueSink } from '../../tools/queue/sink';
import { CONFIRMATION_TIMEOUT_MINUTES, REPLIES_WORKFLOW_ID, REPORTS_WORKFLOW_ID, repliesWorkflow, reportsWorkflow } from '../../tools/queue/workflows';

let runtime: N8nRuntime;
let postgres: Postgres | undefined;
let redis: Redis | undefined;
let sim: MobsetSimulator;
let sink: QueueSink;
let cluster: QueueCluster;
let packDir: string;

/** Every process's log, kept as a CI artefact. */
const LOGS = path.join(repoRoot(), '.cache', 'queue');

const reportsPath = `/${REPORTS_WORKFLOW_ID}`;
const repliesPath = `/${REPLIES_WORKFLOW_ID}`;

/** Every delivery of each of `ids` (by smsId), with the marks it carried. */
function deliveriesOf(ids: string[], deliveries: Delivery[] = sink.delivered) {
	const wanted = new Set(ids);
	const byId = new Map<string, Array<{ executionId: string; redelivered: unknown; deliveryAttempt: unknown }>>();
	for (const delivery of deliveries) {
		if (delivery.path !== reportsPath) continue;
		for (const item of delivery.items) {
			const id = String(item.smsId);
			if (!wanted.has(id)) continue;
			const list = byId.get(id) ?? [];
			list.push({ executionId: delivery.executionId, redelivered: item.redelivered, deliveryAttempt: item.deliveryAttempt });
			byId.set(id, list);
		}
	}
	const missing = ids.filter((id) => !byId.has(id));
	const copies = [...byId.values()].reduce((total, list) => total + list.length, 0);
	return { byId, missing, duplicates: copies - byId.size };
}

const allArrived = (ids: string[]) => () => deliveriesOf(ids).missing.length === 0;

/** One line for the log that CI keeps: what each failure cost. */
function report(label: string, ids: string[]) {
	const { byId, missing, duplicates } = deliveriesOf(ids);
	const marked = [...byId.values()].flat().filter((copy) => copy.redelivered === true).length;
	log(`queue: ${label}: ${ids.length} reports, ${byId.size} delivered, ${missing.length} lost, ${duplicates} duplicates, ${marked} copies marked redelivered`);
	return { byId, missing, duplicates, marked };
}

beforeAll(async () => {
	const [installed, packages, tarball] = await Promise.all([
		ensureN8nRuntime(),
		ensureServicePackages(),
		mkdtemp(path.join(tmpdir(), 'mobset-queue-pack-')).then(async (dir) => {
			packDir = dir;
			return await packPackage(repoRoot(), dir);
		}),
	]);
	[postgres, redis, sim, sink] = await Promise.all([
		startPostgres(packages.postgresBin),
		startRedis(packages.redisServer),
		startSimulator({ port: 0, seed: 13 }),
		startQueueSink(),
	]);
	runtime = installed;
	cluster = await QueueCluster.create({ runtime, postgres, redis, tarball }, 2);
	// The first CLI call creates the database; workers wait for it.
	await cluster.main.importCredentials([simulatorCredential(sim)]);
	await cluster.main.importWorkflows([reportsWorkflow(sink.url), repliesWorkflow(sink.url)]);
	await Promise.all([
		cluster.main.publishWorkflow(REPORTS_WORKFLOW_ID),
		cluster.main.publishWorkflow(REPLIES_WORKFLOW_ID),
		...cluster.workers.map(async (worker) => await worker.start()),
	]);
}, 8 * 60_000);

afterAll(async () => {
	await cluster?.saveLogs(LOGS);
	await cluster?.dispose();
	await sink?.close();
	await sim?.close();
	await redis?.stop();
	await postgres?.stop();
	if (packDir) await rm(packDir, { recursive: true, force: true });
}, 2 * 60_000);

describe('n8n queue mode: one main, two workers, PostgreSQL and Redis', () => {
	it('delivers a 3,000-report backlog and a stream exactly once; triggers poll on the main, executions run on workers', async () => {
		const backlog = sim.seedReports(3000).map((r) => r.smsId);
		const replies = sim.seedReplies(30).map((r) => r.content);
		await cluster.main.start();
		const streamed: string[] = [];
		for (let round = 0; round < 10; round++) {
			streamed.push(...sim.seedReports(20).map((r) => r.smsId));
			await delay(1500);
		}
		const ids = [...backlog, ...streamed];
		await sink.until(allArrived(ids), 3 * 60_000, 'the backlog and the stream');
		await sink.until(() => sink.delivered.filter((d) => d.path === repliesPath).flatMap((d) => d.items).length >= replies.length, 60_000, 'the replies');

		const { missing, duplicates, marked } = report('backlog and stream', ids);
		expect(missing).toEqual([]);
		expect(duplicates).toBe(0);
		expect(marked).toBe(0);
		const repliesDelivered = sink.delivered.filter((d) => d.path === repliesPath).flatMap((d) => d.items.map((item) => item.content));
		expect(repliesDelivered.sort()).toEqual([...replies].sort());

		// Every execution was started by a worker, none by the main.
		const executions = [...new Set(sink.delivered.map((d) => d.executionId))];
		for (const id of executions) expect(cluster.workerOf(id)).toBeDefined();
		expect(cluster.main.log).not.toMatch(/Worker started execution/);
		expect(cluster.workers.map((worker) => worker.startedExecutions().length).every((n) => n > 0)).toBe(true);
		// Only the main polls: Mobset was called, and no worker logged a poll of the triggers.
		expect(sim.counters().requestsByMethod.SmsGetReport).toBeGreaterThan(0);
		for (const worker of cluster.workers) expect(worker.log).not.toMatch(/Mobset SMS (Reports|Replies) Trigger/);
	});

	it('loses nothing when the worker running an execution is killed (SIGKILL): the reports come again, marked', async () => {
		sink.hold();
		const ids = sim.seedReports(1000).map((r) => r.smsId);
		const held = await sink.nextHeld(60_000);
		expect(held.items.map((item) => String(item.smsId))).toEqual(ids);
		const victim = cluster.workerOf(held.executionId) as Worker;
		expect(victim).toBeDefined();
		const killedAt = Date.now();
		await victim.kill();
		sink.release();
		await sink.until(allArrived(ids), 4 * 60_000, 'the reports of the killed execution');
		log(`queue: the killed worker's reports came back after ${((Date.now() - killedAt) / 1000).toFixed(0)} s`);

		const { missing, duplicates, byId } = report('worker killed mid-execution', ids);
		expect(missing).toEqual([]);
		// The killed execution never answered the sink, so only the redelivered copy arrived.
		expect(sink.abandoned.map((d) => d.executionId)).toContain(held.executionId);
		expect(duplicates).toBe(0);
		for (const copies of byId.values()) expect(copies).toEqual([expect.objectContaining({ redelivered: true, deliveryAttempt: 2 })]);
		const rerun = byId.get(ids[0])![0].executionId;
		expect(cluster.workerOf(rerun)).not.toBe(victim);
	});

	it('loses nothing when a worker lacks the package: its executions fail and the reports come again', async () => {
		// Left by the case before: one worker with the package running (the other was killed).
		const survivor = cluster.workers.find((worker) => worker.running) as Worker;
		await survivor.stop();
		const bare = await cluster.addWorker('worker without the package', false);
		await bare.start();
		const ids = sim.seedReports(500).map((r) => r.smsId);
		// The execution fails on it ("Unrecognized node type"); then a worker with the package takes over.
		const deadline = Date.now() + 90_000;
		while (!/Unrecognized node type/.test(bare.log) && Date.now() < deadline) await delay(500);
		expect(bare.log).toMatch(/Unrecognized node type/);
		expect(deliveriesOf(ids).byId.size).toBe(0);
		await bare.stop();
		await survivor.start();
		// A failed execution whose end the main missed comes back after the Confirmation Timeout.
		await sink.until(allArrived(ids), (CONFIRMATION_TIMEOUT_MINUTES + 2) * 60_000, 'the reports after the failed executions');

		const { missing, byId } = report('worker without the package', ids);
		const failed = bare.startedExecutions();
		const unheard = failed.filter((id) => !new RegExp(`Problem with execution ${id}:`).test(cluster.main.log));
		log(`queue: worker without the package: ${failed.length} executions failed on it; the main missed the end of ${unheard.length} of them (${unheard.join(', ') || 'none'})`);
		expect(missing).toEqual([]);
		for (const copies of byId.values()) {
			expect(copies).toHaveLength(1);
			expect(copies[0].redelivered).toBe(true);
			expect(copies[0].deliveryAttempt).toBeGreaterThanOrEqual(2);
		}
	});

	it('loses nothing when the main restarts while an execution is unconfirmed: the reports come again, marked', async () => {
		sink.hold();
		const ids = sim.seedReports(500).map((r) => r.smsId);
		const held = await sink.nextHeld(60_000);
		expect(held.items).toHaveLength(500);
		await cluster.main.stop();
		// The worker finishes the execution while the main is down: the first copy arrives...
		sink.release();
		await sink.until(() => deliveriesOf(ids).missing.length === 0, 60_000, 'the first copy');
		await cluster.main.start();
		// ...and the restarted main, which never heard how that execution ended, hands them over again.
		await sink.until(() => deliveriesOf(ids).duplicates === ids.length, 2 * 60_000, 'the marked second copy');

		const { missing, duplicates, byId } = report('main restarted', ids);
		expect(missing).toEqual([]);
		expect(duplicates).toBe(ids.length);
		for (const copies of byId.values()) {
			expect(copies.map((copy) => copy.redelivered ?? false)).toEqual([false, true]);
		}
	});
});

describe("n8n's queue, as n8n 2.41.1 configures it: why Confirmation Timeout exists", () => {
	// The main waits for each job with bull's `job.finished()`, called after enqueuing and after
	// its own before-execution hooks; n8n keeps no ended job (`removeOnFail: 0`). A job that failed
	// inside that gap, as on a worker without the package, is never reported: the trigger's done
	// promise stays pending. If this starts failing, n8n's queue reports such jobs and the timeout
	// no longer matters for them (nodes/shared/handOff.ts says why it exists).
	it('never settles the wait for a job that failed before the main started waiting', async () => {
		type BullJob = { finished(): Promise<unknown> };
		type BullQueue = {
			add(name: string, data: object, options: object): Promise<BullJob>;
			process(name: string, concurrency: number, handler: () => Promise<void>): void;
			isReady(): Promise<unknown>;
			close(): Promise<void>;
		};
		const Bull = createRequire(runtime.n8nBin)('bull') as new (name: string, options: object) => BullQueue;
		const options = { redis: { host: '127.0.0.1', port: redis!.port } };
		const main = new Bull('mobset-gap-check', options);
		const worker = new Bull('mobset-gap-check', options);
		try {
			worker.process('job', 1, async () => {
				throw new Error('Unrecognized node type');
			});
			await main.isReady();
			const outcome = async (gapMs: number) => {
				const job = await main.add('job', {}, { removeOnFail: 0, removeOnComplete: 0 });
				await delay(gapMs);
				return await Promise.race([
					job.finished().then(() => 'completed', () => 'failed'),
					delay(5000, 'never reported'),
				]);
			};
			expect(await outcome(0)).toBe('failed');
			expect(await outcome(300)).toBe('never reported');
		} finally {
			await Promise.all([main.close(), worker.close()]);
		}
	}, 30_000);
});
