import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MobsetSmsReports } from '../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { drainPages, PAGE_SIZE, type PageResult } from '../../nodes/protocol/drain';
import { createPoller, runNode } from '../../tools/harness';
import { deliverableIds, smsIds, useSimulator } from './fixtures';

type CallResult = PageResult<Error>;

const env = useSimulator();

/** Server time per call: long enough that calls in flight together clearly overlap. */
const LATENCY_MS = 100;

async function getMany(parameters: Record<string, unknown>) {
	return await runNode({
		nodeType: new MobsetSmsReports(),
		credentials: env.credentials(),
		parameters: { operation: 'getMany', ...parameters },
	});
}

function trigger(parameters: INodeParameters) {
	return createPoller({ nodeType: new MobsetSmsReportsTrigger(), credentials: env.credentials(), parameters });
}

const calls = () => env.sim().counters().requestsByMethod.SmsGetReport ?? 0;
const sorted = (ids: string[]) => [...ids].sort();

describe('Parallel Requests through the n8n engine', () => {
	beforeEach(() => env.sim().setLatency(LATENCY_MS));

	it('node: 4 in flight fetch every report exactly once, with 4 calls really in progress together', async () => {
		const seeded = env.sim().seedReports(1000).map((r) => r.smsId);
		const run = await getMany({ returnAll: true, options: { parallelRequests: 4 } });

		expect(run.error).toBeUndefined();
		const emitted = smsIds(run.outputs[0]);
		expect(emitted).toHaveLength(1000);
		expect(sorted(emitted)).toEqual(sorted(seeded));
		expect(sorted(emitted)).toEqual(sorted(deliverableIds(env.sim())));
		expect(env.sim().counters().queued).toBe(0);
		// 20 full pages and the empty one; at most 3 more calls were already on their way.
		expect(calls()).toBeGreaterThanOrEqual(21);
		expect(calls()).toBeLessThanOrEqual(24);
		// Concurrency proven by the server, not by a stopwatch (speed is the benchmarks' job): each
		// call is held LATENCY_MS, so calls started together are seen in progress together.
		expect(env.sim().counters().maxConcurrentCalls).toBe(4);
	});

	it('node: with the default of 1, never two calls at once', async () => {
		env.sim().seedReports(300);
		const run = await getMany({ returnAll: true });
		expect(run.outputs[0]).toHaveLength(300);
		expect(env.sim().counters().maxConcurrentCalls).toBe(1);
	});

	it('trigger: 4 in flight hand every report over exactly once', async () => {
		const seeded = env.sim().seedReports(730).map((r) => r.smsId);
		const { result, error } = await trigger({ maxReportsPerPoll: 5000, options: { parallelRequests: 4 } }).poll();
		expect(error).toBeUndefined();
		const emitted = smsIds(result![0]);
		expect(emitted).toHaveLength(730);
		expect(sorted(emitted)).toEqual(sorted(seeded));
		expect(env.sim().counters().queued).toBe(0);
	});

	it('makes two calls (the batch, then the empty answer) for a queue that fits in one batch, however many are allowed', async () => {
		env.sim().seedReports(30);
		const run = await getMany({ returnAll: true, options: { parallelRequests: 8 } });
		expect(run.outputs[0]).toHaveLength(30);
		expect(calls()).toBe(2);
		expect(env.sim().counters().maxConcurrentCalls).toBe(1);
	});

	describe('never passes the limit', () => {
		it.each([
			[1000, 500, 500, 10],
			[1000, 520, 500, 10],
			[1000, 120, 100, 2],
			[1000, 10, 50, 1],
			[230, 1000, 230, 5],
		])('node: %d queued, Limit %d → %d reports', async (queued, limit, emitted, minCalls) => {
			env.sim().seedReports(queued);
			const run = await getMany({ limit, options: { parallelRequests: 4 } });
			expect(run.error).toBeUndefined();
			expect(run.outputs[0]).toHaveLength(emitted);
			expect(env.sim().counters().queued).toBe(queued - emitted);
			expect(calls()).toBeGreaterThanOrEqual(minCalls);
			// Every call beyond the needed ones came back empty: nothing was taken and dropped.
			expect(env.sim().counters().dequeued).toBe(emitted);
		});

		it('trigger: Max Reports per Poll 300 with 4 in flight takes 300 and leaves the rest', async () => {
			env.sim().seedReports(1000);
			const poller = trigger({ maxReportsPerPoll: 300, options: { parallelRequests: 4 } });
			expect((await poller.poll()).result![0]).toHaveLength(300);
			expect(env.sim().counters().queued).toBe(700);
			expect((await poller.poll()).result![0]).toHaveLength(300);
			expect(env.sim().counters().queued).toBe(400);
		});
	});

	describe('a failure part-way keeps everything fetched, including by the other calls in flight', () => {
		it('node: an HTTP 502 on the sixth call', async () => {
			env.sim().seedReports(1000);
			env.sim().injectFault({ kind: 'html502', afterCalls: 5 });
			const run = await getMany({ returnAll: true, options: { parallelRequests: 4 } });
			expect(run.error).toBeUndefined();
			const emitted = smsIds(run.outputs[0]);
			// The calls already in flight beside the failed one brought their batches too.
			expect(emitted.length).toBeGreaterThan(5 * PAGE_SIZE);
			expect(sorted(emitted)).toEqual(sorted(deliverableIds(env.sim())));
			expect(new Set(emitted).size).toBe(emitted.length);
			expect(env.sim().counters().queued).toBe(1000 - emitted.length);
			expect(run.hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringContaining('HTTP 502') })]);
		});

		it('node: a batch lost on the wire loses only that batch', async () => {
			env.sim().seedReports(600);
			env.sim().injectFault({ kind: 'dropAfterDequeue', afterCalls: 3 });
			const run = await getMany({ returnAll: true, options: { parallelRequests: 4 } });
			const emitted = smsIds(run.outputs[0]);
			expect(env.sim().counters().droppedInFlightIds).toHaveLength(PAGE_SIZE);
			expect(sorted(emitted)).toEqual(sorted(deliverableIds(env.sim())));
			expect(emitted.length + PAGE_SIZE + env.sim().counters().queued).toBe(600);
		});

		it('trigger: hands over what it fetched and leaves the rest for the next poll', async () => {
			const seeded = env.sim().seedReports(800).map((r) => r.smsId);
			env.sim().injectFault({ kind: 'http500', afterCalls: 4 });
			const poller = trigger({ maxReportsPerPoll: 5000, options: { parallelRequests: 4 } });
			const first = await poller.poll();
			expect(first.error).toBeUndefined();
			const firstIds = smsIds(first.result![0]);
			expect(sorted(firstIds)).toEqual(sorted(deliverableIds(env.sim())));
			const second = await poller.poll();
			expect(sorted([...firstIds, ...smsIds(second.result![0])])).toEqual(sorted(seeded));
		});
	});

	it.each([0, 11, 2.5, '4'])('rejects Parallel Requests of %p, naming the option', async (parallelRequests) => {
		const run = await getMany({ returnAll: true, options: { parallelRequests } });
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toMatch(/^Parallel Requests must be a whole number from 1 to 10/);
		expect(env.sim().counters().requests).toBe(0);
	});
});

describe('drainPages with calls in flight together', () => {
	const page = (from: number, size = PAGE_SIZE): IDataObject[] =>
		Array.from({ length: size }, (_, i) => ({ SmsId: String(from + i) }));
	const ok = (records: IDataObject[]): CallResult => ({ ok: true, records });

	/** Answers that arrive in the reverse order of the calls: the slowest is the first one. */
	function reversedFetcher(sizes: number[]) {
		let index = 0;
		return async (): Promise<CallResult> => {
			const mine = index++;
			const size = sizes[mine] ?? 0;
			// Later calls settle sooner (microtask hops, no timers).
			for (let hop = 0; hop < (sizes.length - mine) * 3; hop++) await Promise.resolve();
			return ok(page(mine * 1000, size));
		};
	}

	it('returns the reports in the order the calls were made, not the order they came back', async () => {
		const drained = await drainPages({
			maxRecords: Infinity,
			parallel: 4,
			fetchPage: reversedFetcher([50, 50, 50, 50, 50, 20, 0, 0]),
		});
		expect(drained.stoppedBy).toBe('empty');
		const firstOfEachCall = drained.records.filter((_, i) => i % PAGE_SIZE === 0).map((r) => r.SmsId);
		expect(firstOfEachCall).toEqual(['0', '1000', '2000', '3000', '4000', '5000']);
		expect(drained.records).toHaveLength(270);
	});

	it('keeps the results of calls that finish after another one failed', async () => {
		let index = 0;
		const drained = await drainPages({
			maxRecords: Infinity,
			parallel: 3,
			fetchPage: async () => {
				const mine = index++;
				if (mine === 1) return { ok: false, error: new Error('boom'), salvaged: page(900, 2) };
				for (let hop = 0; hop < 10; hop++) await Promise.resolve();
				return ok(page(mine * 1000));
			},
		});
		expect(drained.stoppedBy).toBe('error');
		expect(drained.error?.message).toBe('boom');
		// Call 0 alone, then calls 1–3 together: call 1 fails at once, 2 and 3 still bring their batches.
		expect(drained.calls).toBe(4);
		expect(drained.records.map((r) => r.SmsId)).toEqual([
			...page(0).map((r) => r.SmsId),
			'900',
			'901',
			...page(2000).map((r) => r.SmsId),
			...page(3000).map((r) => r.SmsId),
		]);
	});

	it('keeps calling after short pages until a call hands out nothing', async () => {
		const sizes = [20, 20, 7, 0];
		let index = 0;
		const drained = await drainPages({ maxRecords: Infinity, parallel: 4, fetchPage: async () => ok(page(index * 100, sizes[index++] ?? 0)) });
		expect(drained).toMatchObject({ calls: 4, stoppedBy: 'empty' });
		expect(drained.records).toHaveLength(47);
	});

	it('stops at a page that repeats the page before it, returning it once', async () => {
		const drained = await drainPages({
			maxRecords: Infinity,
			parallel: 3,
			fetchPage: async () => ok(page(0)),
			repeatedPage: (records) => new Error(`repeated ${records}`),
		});
		expect(drained.stoppedBy).toBe('error');
		expect(drained.error?.message).toBe('repeated 50');
		expect(drained.records.map((r) => r.SmsId)).toEqual(page(0).map((r) => r.SmsId));
	});

	it('with one call at a time behaves exactly as before', async () => {
		const sizes = [50, 50, 12];
		let index = 0;
		const drained = await drainPages({ maxRecords: 120, fetchPage: async () => ok(page(0, sizes[index++])) });
		expect(drained).toMatchObject({ calls: 2, stoppedBy: 'limit' });
		expect(drained.records).toHaveLength(100);
	});
});
