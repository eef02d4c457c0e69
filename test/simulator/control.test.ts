import { request } from 'undici';
import { call, control, getReport, signed, useSimulator, withSimulator } from './helpers';

describe('simulator HTTP control interface (/_sim/)', () => {
	const sim = useSimulator({ seed: 23 });

	it('GET /_sim/state describes the simulator', async () => {
		const { status, json } = await control(sim, 'GET', '/_sim/state');
		expect(status).toBe(200);
		expect(json).toMatchObject({
			url: sim.url,
			origin: sim.origin,
			accounts: [{ corpId: '100000', loginName: 'admin', password: 'demo-password', balance: 100000 }],
			switches: sim.switches(),
			faults: [],
			latency: { ms: 0, jitterMs: 0 },
			counters: { queued: 0 },
		});
		expect((await control(sim, 'GET', '/_sim/')).json.url).toBe(sim.url);
	});

	it('POST /_sim/reports seeds a count or explicit specs, which SDK3 then returns', async () => {
		const generated = await control(sim, 'POST', '/_sim/reports', { count: 4, deliveredRatio: 0 });
		expect(generated.json.count).toBe(4);
		expect(generated.json.reports.every((r: { status: string }) => r.status === '13')).toBe(true);
		const explicit = await control(sim, 'POST', '/_sim/reports', {
			reports: [{ smsId: '77', status: '12', exStatus: 'DELIVRD', reportTime: '2023-10-01 12:00:00' }],
		});
		expect(explicit.json.reports[0]).toMatchObject({ smsId: '77', status: '12' });
		const { json } = await getReport(sim);
		expect(json.Code).toBe('5');
		expect(json.Details.map((d: { SmsId: string }) => d.SmsId)).toEqual([
			...generated.json.reports.map((r: { smsId: string }) => r.smsId),
			'77',
		]);
	});

	it('POST /_sim/replies seeds inbound replies', async () => {
		await control(sim, 'POST', '/_sim/replies', { replies: [{ phoneNumber: '13800138000', content: 'TD' }] });
		const { json } = await call(sim, signed(sim.account, 'SmsGetRecv'));
		expect(json.Details[0]).toMatchObject({ PhoneNumber: '13800138000', Content: 'TD' });
	});

	it('GET/POST /_sim/switches reads and sets switches; bad ones answer 400', async () => {
		const set = await control(sim, 'POST', '/_sim/switches', { lowerCaseCode: true, emptyDetails: 'missing' });
		expect(set.json).toMatchObject({ lowerCaseCode: true, emptyDetails: 'missing' });
		expect((await getReport(sim)).text).toBe('{"code":"0","Message":"取短信状态报告成功"}');
		expect((await control(sim, 'GET', '/_sim/switches')).json.lowerCaseCode).toBe(true);
		const bad = await control(sim, 'PATCH', '/_sim/switches', { lowerCaseCod: true });
		expect(bad.status).toBe(400);
		expect(bad.json.error).toMatch(/Unknown switch/);
	});

	it('POST/GET/DELETE /_sim/faults arms, lists and clears faults', async () => {
		const armed = await control(sim, 'POST', '/_sim/faults', [
			{ kind: 'http500', count: 2 },
			{ kind: 'html502', method: '*' },
		]);
		expect(armed.json.faults).toEqual([
			{ kind: 'http500', count: 2, remaining: 2 },
			{ kind: 'html502', method: '*', remaining: 1 },
		]);
		expect((await getReport(sim)).status).toBe(500);
		expect((await control(sim, 'GET', '/_sim/faults')).json.faults[0].remaining).toBe(1);
		await control(sim, 'DELETE', '/_sim/faults');
		expect((await getReport(sim)).status).toBe(200);
		expect((await control(sim, 'POST', '/_sim/faults', { kind: 'boom' })).status).toBe(400);
		expect((await control(sim, 'POST', '/_sim/faults', { kind: 'stall', count: 'forever', probability: 0.5 })).json.faults[0].remaining).toBe('forever');
	});

	it('POST /_sim/latency sets latency', async () => {
		expect((await control(sim, 'POST', '/_sim/latency', { ms: 200 })).json).toEqual({ ms: 200, jitterMs: 0 });
		const started = Date.now();
		await getReport(sim);
		expect(Date.now() - started).toBeGreaterThanOrEqual(195);
		expect((await control(sim, 'POST', '/_sim/latency', { ms: -5 })).status).toBe(400);
	});

	it('GET /_sim/counters, with and without id lists', async () => {
		sim.seedReports(3);
		await getReport(sim);
		const full = await control(sim, 'GET', '/_sim/counters');
		expect(full.json).toMatchObject({ requests: 1, dequeued: 3 });
		expect(full.json.dequeuedIds).toHaveLength(3);
		expect((await control(sim, 'GET', '/_sim/counters?ids=0')).json.dequeuedIds).toEqual([]);
	});

	it('POST /_sim/reset empties everything', async () => {
		sim.seedReports(3);
		sim.injectFault({ kind: 'http500' });
		expect((await control(sim, 'POST', '/_sim/reset')).json).toEqual({ ok: true });
		expect(sim.counters().queued).toBe(0);
		expect(sim.faults()).toEqual([]);
	});

	it('POST /_sim/accounts adds an account that can then sign in', async () => {
		await control(sim, 'POST', '/_sim/accounts', { corpId: '200001', loginName: 'ops', password: 'pw2' });
		const { json } = await call(sim, signed({ corpId: '200001', loginName: 'ops', password: 'pw2' }, 'SmsGetBalance'));
		expect(json.Code).toBe('0');
		expect((await control(sim, 'POST', '/_sim/accounts', { corpId: 'x' })).status).toBe(400);
	});

	it('GET /_sim/sign gives fields a curl user can send as they are', async () => {
		sim.seedReports(2);
		const { json } = await control(sim, 'GET', '/_sim/sign?Methods=SmsGetReport');
		expect(json).toMatchObject({ CorpID: '100000', LoginName: 'admin', Methods: 'SmsGetReport' });
		const res = await request(`${sim.url}?${json.query}`);
		expect(JSON.parse(await res.body.text()).Code).toBe('2');
		expect((await control(sim, 'GET', '/_sim/sign?CorpID=1&LoginName=x')).status).toBe(404);
	});

	it('POST /_sim/feed starts and stops the feed', async () => {
		await control(sim, 'POST', '/_sim/feed', { reportsPerMinute: 6000 });
		await new Promise((r) => setTimeout(r, 600));
		await control(sim, 'POST', '/_sim/feed', { reportsPerMinute: 0 });
		const n = sim.counters().queued;
		expect(n).toBeGreaterThan(20);
		await new Promise((r) => setTimeout(r, 300));
		expect(sim.counters().queued).toBe(n);
	});

	it('answers 404 for unknown endpoints, 405 for wrong verbs, 400 for bad JSON', async () => {
		expect((await control(sim, 'GET', '/_sim/nothing')).status).toBe(404);
		expect((await control(sim, 'GET', '/_sim/reset')).status).toBe(405);
		expect((await control(sim, 'POST', '/_sim/switches', '{not json')).status).toBe(400);
	});

	it('does not count control calls as SDK3 requests', async () => {
		await control(sim, 'GET', '/_sim/state');
		await control(sim, 'GET', '/_sim/counters');
		const { json } = await control(sim, 'GET', '/_sim/counters');
		expect(json.requests).toBe(0);
		expect(json.controlRequests).toBe(3);
	});

	it('can be switched off (control: false), leaving /_sim/ a 404', async () => {
		await withSimulator({ control: false }, async (bare) => {
			const res = await request(`${bare.origin}/_sim/state`);
			await res.body.text();
			expect(res.statusCode).toBe(404);
		});
	});
});
