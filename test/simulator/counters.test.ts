import { Agent, Pool, request } from 'undici';
import { call, getReport, newAgent, signed, sleep, useSimulator, withSimulator } from './helpers';

describe('simulator latency and counters', () => {
	const sim = useSimulator({ seed: 19 });

	it('latency delays every SDK3 answer by at least the set ms', async () => {
		sim.setLatency(250);
		let started = Date.now();
		expect((await getReport(sim)).json.Code).toBe('0');
		expect(Date.now() - started).toBeGreaterThanOrEqual(245);
		started = Date.now();
		await call(sim, signed(sim.account, 'SmsGetBalance'));
		expect(Date.now() - started).toBeGreaterThanOrEqual(245);
		sim.setLatency(0);
		expect(sim.latency()).toEqual({ ms: 0, jitterMs: 0 });
		expect((await getReport(sim)).json.Code).toBe('0');
	});

	it('maxConcurrentCalls counts the SDK3 calls that were in progress at the same time', async () => {
		sim.setLatency(300);
		await getReport(sim);
		expect(sim.counters()).toMatchObject({ maxConcurrentCalls: 1, callsInProgress: 0 });
		await Promise.all([getReport(sim), getReport(sim), getReport(sim)]);
		expect(sim.counters()).toMatchObject({ maxConcurrentCalls: 3, callsInProgress: 0 });
	});

	it('jitter adds up to jitterMs on top', async () => {
		sim.setLatency(50, 100);
		const times: number[] = [];
		for (let i = 0; i < 6; i++) {
			const started = Date.now();
			await getReport(sim);
			times.push(Date.now() - started);
		}
		expect(Math.min(...times)).toBeGreaterThanOrEqual(45);
		expect(new Set(times.map((t) => Math.round(t / 10))).size).toBeGreaterThan(1);
	});

	it('a client that gives up during the latency loses nothing', async () => {
		sim.seedReports(5);
		sim.setLatency(400);
		const agent = newAgent();
		try {
			// AbortSignal rather than headersTimeout: undici's timeout timers are coarse (~0.5 s).
			await expect(getReport(sim, { dispatcher: agent, signal: AbortSignal.timeout(100) })).rejects.toThrow(/abort|timeout/i);
		} finally {
			await agent.close();
		}
		await sleep(450);
		expect(sim.counters().queued).toBe(5);
		expect(sim.counters().dequeued).toBe(0);
		sim.setLatency(0);
		expect((await getReport(sim)).json.Code).toBe('5');
	});

	it('rejects negative latency', () => {
		expect(() => sim.setLatency(-1)).toThrow();
	});

	it('counts requests in total, by Methods and by HTTP verb; control calls apart', async () => {
		await getReport(sim);
		await getReport(sim, { via: 'GET' });
		await call(sim, signed(sim.account, 'SmsGetBalance'));
		await call(sim, { CorpID: '1' });
		await call(sim, signed(sim.account, 'SmsGetReport'), { path: '/nope' });
		const res = await request(`${sim.origin}/_sim/state`);
		await res.body.text();
		const c = sim.counters();
		expect(c.requests).toBe(5);
		expect(c.requestsByMethod).toEqual({ SmsGetReport: 2, SmsGetBalance: 1, '(none)': 1 });
		expect(c.requestsByHttpMethod).toEqual({ POST: 4, GET: 1 });
		expect(c.controlRequests).toBe(1);
	});

	it('counts TCP connections: keep-alive reuse shows one', async () => {
		const pool = new Pool(sim.origin, { connections: 1 });
		try {
			for (let i = 0; i < 5; i++) await getReport(sim, { dispatcher: pool });
		} finally {
			await pool.close();
		}
		expect(sim.counters().connections).toBe(1);
		expect(sim.counters().requests).toBe(5);
	});

	it('counts one connection per request when each request uses a new connection', async () => {
		for (let i = 0; i < 3; i++) {
			const agent = new Agent();
			await getReport(sim, { dispatcher: agent });
			await agent.close();
		}
		expect(sim.counters().connections).toBe(3);
	});

	it('records dequeued ids in order, and what is queued now', async () => {
		const seeded = sim.seedReports(80).map((r) => r.smsId);
		sim.seedReports(4, { delayMs: 10_000 });
		expect(sim.counters()).toMatchObject({ queued: 84, queuedVisible: 80, dequeued: 0 });
		await getReport(sim);
		await getReport(sim);
		const c = sim.counters();
		expect(c.dequeuedIds).toEqual(seeded);
		expect(c).toMatchObject({ dequeued: 80, queued: 4, queuedVisible: 0, droppedInFlightIds: [] });
	});

	it('returns snapshots: later calls do not change an earlier result', async () => {
		sim.seedReports(3);
		const before = sim.counters();
		await getReport(sim);
		expect(before.dequeuedIds).toEqual([]);
		expect(before.requests).toBe(0);
		expect(sim.counters({ ids: false }).dequeuedIds).toEqual([]);
		expect(sim.counters({ ids: false }).dequeued).toBe(3);
	});

	it('reset() clears counters, queues, faults and latency', async () => {
		sim.seedReports(3);
		sim.seedReplies(2);
		sim.injectFault({ kind: 'http500', count: 'forever' });
		sim.setLatency(100);
		await getReport(sim);
		sim.reset();
		expect(sim.counters()).toMatchObject({ requests: 0, queued: 0, recvQueued: 0, faultsFired: {}, connections: 0 });
		expect(sim.faults()).toEqual([]);
		expect(sim.latency()).toEqual({ ms: 0, jitterMs: 0 });
		expect((await getReport(sim)).status).toBe(200);
	});

	it('trackIds: false keeps counts but no id lists (for long feeds)', async () => {
		await withSimulator({ trackIds: false }, async (lean) => {
			lean.seedReports(10);
			await getReport(lean);
			expect(lean.counters()).toMatchObject({ dequeued: 10, dequeuedIds: [] });
		});
	});

	it('feed keeps queuing reports at the given rate', async () => {
		sim.startFeed(3000); // 50 a second
		await sleep(1000);
		sim.stopFeed();
		const n = sim.counters().queued;
		expect(n).toBeGreaterThanOrEqual(30);
		expect(n).toBeLessThanOrEqual(60);
		await sleep(300);
		expect(sim.counters().queued).toBe(n);
	});
});
