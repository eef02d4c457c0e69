import { once } from 'events';
import { connect } from 'net';

import type { FaultSpec } from '../../tools/simulator';
import { call, drain, getReport, newAgent, signed, sleep, useSimulator } from './helpers';

/** undici reports an RST/closed socket as one of these. */
const SOCKET_ERROR = /other side closed|ECONNRESET|socket hang up|SocketError/i;

describe('simulator faults', () => {
	const sim = useSimulator({ seed: 17 });

	const queued = () => sim.counters().queued;

	it('http500: HTTP 500 with an HTML body, nothing dequeued, then back to normal', async () => {
		sim.seedReports(5);
		sim.injectFault({ kind: 'http500' });
		const { status, headers, text } = await getReport(sim);
		expect(status).toBe(500);
		expect(headers['content-type']).toMatch(/text\/html/);
		expect(text).toContain('500');
		expect(queued()).toBe(5);
		expect(sim.counters().faultsFired).toEqual({ http500: 1 });
		expect((await getReport(sim)).json.Code).toBe('5');
	});

	it('html502: an nginx-style 502 page, nothing dequeued', async () => {
		sim.seedReports(5);
		sim.injectFault({ kind: 'html502' });
		const { status, text, json } = await getReport(sim);
		expect(status).toBe(502);
		expect(text).toContain('<title>502 Bad Gateway</title>');
		expect(json).toBeUndefined();
		expect(queued()).toBe(5);
	});

	it('truncatedJson: HTTP 200, the real answer cut short; its reports are dequeued, those cut off recorded as dropped', async () => {
		const seeded = sim.seedReports(5).map((r) => r.smsId);
		sim.injectFault({ kind: 'truncatedJson', fraction: 0.4 });
		const cut = await getReport(sim);
		expect(cut.status).toBe(200);
		expect(cut.json).toBeUndefined();
		expect(Number(cut.headers['content-length'])).toBe(cut.bytes.length);
		expect(queued()).toBe(0);
		const text = cut.bytes.toString('utf8');
		const whole = seeded.filter((id) => {
			const at = text.indexOf(id);
			return at >= 0 && text.indexOf('}', at) >= 0;
		});
		expect(whole.length).toBeGreaterThan(0);
		expect(whole.length).toBeLessThan(5);
		const { dequeuedIds, droppedInFlightIds } = sim.counters();
		expect(dequeuedIds).toEqual(seeded);
		expect(droppedInFlightIds).toEqual(seeded.filter((id) => !whole.includes(id)));
	});

	it('a call whose client left before the simulator read it takes no fault and no report: the next call gets the fault', async () => {
		sim.seedReports(5);
		sim.injectFault({ kind: 'respond', status: 429, headers: { 'Retry-After': '1' }, body: '' });
		const url = new URL(sim.url);
		const body = new URLSearchParams(signed(sim.account, 'SmsGetReport')).toString();
		const socket = connect(Number(url.port), url.hostname);
		await once(socket, 'connect');
		socket.end(
			`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
				`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
		);
		socket.destroy();
		// This process stalls (as a loaded test process does) while the request and the client's
		// close both arrive: the simulator reads them together, with no latency set.
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
		await sleep(100);

		expect(sim.counters().requestsByMethod).toEqual({ SmsGetReport: 1 });
		const next = await getReport(sim);
		expect(next.status).toBe(429);
		expect(sim.counters().faultsFired).toEqual({ respond: 1 });
		expect(queued()).toBe(5);
		expect(sim.counters().dequeued).toBe(0);
	});

	it('reset: the client sees a socket error, nothing dequeued', async () => {
		sim.seedReports(5);
		sim.injectFault({ kind: 'reset' });
		await expect(getReport(sim)).rejects.toThrow(SOCKET_ERROR);
		expect(queued()).toBe(5);
		expect(sim.counters().dequeued).toBe(0);
		expect((await getReport(sim)).json.Code).toBe('5');
	});

	it('stall with ms: holds the connection, then resets it; nothing dequeued', async () => {
		sim.seedReports(5);
		sim.injectFault({ kind: 'stall', ms: 300 });
		const started = Date.now();
		await expect(getReport(sim)).rejects.toThrow(SOCKET_ERROR);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(queued()).toBe(5);
	});

	it('stall without ms: holds until the client gives up; nothing dequeued', async () => {
		sim.seedReports(5);
		sim.injectFault({ kind: 'stall' });
		const agent = newAgent();
		try {
			const started = Date.now();
			await expect(getReport(sim, { dispatcher: agent, headersTimeout: 400 })).rejects.toThrow(/timeout/i);
			expect(Date.now() - started).toBeGreaterThanOrEqual(380);
		} finally {
			await agent.close();
		}
		expect(queued()).toBe(5);
		expect((await getReport(sim)).json.Code).toBe('5');
	});

	it('dropAfterDequeue: reports leave the queue, the client sees a socket error, ids are recorded', async () => {
		const seeded = sim.seedReports(70).map((r) => r.smsId);
		sim.injectFault({ kind: 'dropAfterDequeue' });
		await expect(getReport(sim)).rejects.toThrow(SOCKET_ERROR);
		const counters = sim.counters();
		expect(counters.droppedInFlightIds).toEqual(seeded.slice(0, 50));
		expect(counters.dequeuedIds).toEqual(seeded.slice(0, 50));
		expect(counters.queued).toBe(20);
		expect(counters.faultsFired).toEqual({ dropAfterDequeue: 1 });
		expect(await drain(sim)).toEqual(seeded.slice(50));
	});

	it('dropAfterDequeue on SmsSend: the send takes effect although the client never hears of it', async () => {
		sim.setSwitches({ reportDelayMs: 0, reportDelayJitterMs: 0 });
		sim.injectFault({ kind: 'dropAfterDequeue', method: 'SmsSend' });
		await expect(
			call(sim, { ...signed(sim.account, 'SmsSend'), PhoneNumbers: '13800138000', Content: 'x' }),
		).rejects.toThrow(SOCKET_ERROR);
		expect(sim.counters().sent).toBe(1);
		expect(sim.counters().droppedInFlightIds).toEqual([]);
		await sleep(10);
		expect((await getReport(sim)).json.Code).toBe('1');
	});

	it('authFailure and clockSkew answer -2 / -12 to a correctly signed call, dequeuing nothing', async () => {
		sim.seedReports(5);
		sim.injectFault([{ kind: 'authFailure' }, { kind: 'clockSkew' }]);
		expect((await getReport(sim)).json).toEqual({ Code: '-2', Message: '账号或密码错误' });
		expect((await getReport(sim)).json).toEqual({ Code: '-12', Message: '时间戳错误,与服务器时间相差超过20分钟' });
		expect(queued()).toBe(5);
		expect(sim.counters().faultsFired).toEqual({ authFailure: 1, clockSkew: 1 });
	});

	it.each([
		{ status: 301, headers: { Location: 'https://sms.mobset.com:843/SDK3/Sms' }, body: '' },
		{ status: 403, headers: { 'Content-Type': 'text/html' }, body: '<h1>403 Forbidden</h1>' },
		{ status: 429, headers: { 'Retry-After': '3', 'Content-Type': 'text/plain' }, body: 'slow down' },
		{ status: 503, headers: { 'Content-Type': 'text/plain' }, body: 'Service Unavailable' },
	] as { status: number; headers: Record<string, string>; body: string }[])('respond: arbitrary status $status with headers and body, nothing dequeued', async ({ status, headers, body }) => {
		sim.seedReports(2);
		sim.injectFault({ kind: 'respond', status, headers, body });
		const answer = await getReport(sim);
		expect(answer.status).toBe(status);
		for (const [name, value] of Object.entries(headers)) expect(answer.headers[name.toLowerCase()]).toBe(value);
		expect(answer.text).toBe(body);
		expect(queued()).toBe(2);
	});

	it('respond: wrong Content-Type, empty body, Details as an object, non-UTF-8 bytes', async () => {
		sim.injectFault([
			{ kind: 'respond', headers: { 'Content-Type': 'text/plain' }, body: '{"Code":"0","Message":"ok","Details":[]}' },
			{ kind: 'respond', body: '' },
			{ kind: 'respond', body: { Code: '1', Message: 'x', Details: { SmsId: '1' } } },
			{ kind: 'respond', bodyBase64: Buffer.from([0xc8, 0xa1, 0xb6, 0xcc]).toString('base64') },
		]);
		const plain = await getReport(sim);
		expect(plain.headers['content-type']).toBe('text/plain');
		expect(plain.json.Code).toBe('0');
		const empty = await getReport(sim);
		expect([empty.status, empty.text, empty.headers['content-length']]).toEqual([200, '', '0']);
		expect((await getReport(sim)).json.Details).toEqual({ SmsId: '1' });
		expect((await getReport(sim)).headers['content-length']).toBe('4');
	});

	it('respond: {{request}} in the body or a header echoes the request form body', async () => {
		sim.injectFault({
			kind: 'respond',
			status: 302,
			headers: { Location: 'https://proxy.invalid/?{{request}}' },
			body: { Code: '-1', Message: 'bad request: {{request}}' },
		});
		const fields = signed(sim.account, 'SmsGetReport');
		const answer = await call(sim, fields);
		const form = new URLSearchParams(fields).toString();
		expect(answer.json.Message).toBe(`bad request: ${form}`);
		expect(answer.headers.location).toBe(`https://proxy.invalid/?${form}`);
	});

	it('respond: bodySize gives a valid JSON body of exactly that many bytes (multi-MB)', async () => {
		sim.injectFault({ kind: 'respond', bodySize: 3 * 1024 * 1024 });
		const { text, json } = await getReport(sim);
		expect(Buffer.byteLength(text)).toBe(3 * 1024 * 1024);
		expect(json.Code).toBe('0');
	});

	it('count: fires on the next N matching calls, then stops', async () => {
		sim.injectFault({ kind: 'http500', count: 3 });
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await getReport(sim)).status);
		expect(statuses).toEqual([500, 500, 500, 200, 200]);
		expect(sim.faults()).toEqual([]);
	});

	it('faults fire in the order they were armed', async () => {
		sim.injectFault({ kind: 'http500' });
		sim.injectFault({ kind: 'html502' });
		sim.injectFault({ kind: 'respond', status: 429 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await getReport(sim)).status);
		expect(statuses).toEqual([500, 502, 429, 200]);
	});

	it('method: defaults to SmsGetReport; * matches any call; a named method only that one', async () => {
		sim.injectFault({ kind: 'http500' });
		expect((await call(sim, signed(sim.account, 'SmsGetBalance'))).status).toBe(200);
		expect((await getReport(sim)).status).toBe(500);

		sim.injectFault({ kind: 'html502', method: '*' });
		expect((await call(sim, signed(sim.account, 'SmsGetBalance'))).status).toBe(502);

		sim.injectFault({ kind: 'http500', method: 'SmsGetRecv' });
		expect((await getReport(sim)).status).toBe(200);
		expect((await call(sim, signed(sim.account, 'SmsGetRecv'))).status).toBe(500);
	});

	it('faults fire before auth: even a badly signed call gets the fault', async () => {
		sim.injectFault({ kind: 'http500' });
		expect((await call(sim, signed({ ...sim.account, password: 'x' }, 'SmsGetReport'))).status).toBe(500);
	});

	it('probability: seeded rolls make a repeatable fire pattern near the given rate', async () => {
		const pattern = async (seed: number) => {
			sim.reset();
			sim.injectFault({ kind: 'http500', probability: 0.3, seed });
			const out: number[] = [];
			for (let i = 0; i < 60; i++) out.push((await getReport(sim)).status);
			return out;
		};
		const a = await pattern(42);
		expect(await pattern(42)).toEqual(a);
		expect(await pattern(43)).not.toEqual(a);
		const fired = a.filter((s) => s === 500).length;
		expect(fired).toBeGreaterThan(8);
		expect(fired).toBeLessThan(30);
		expect(sim.faults()[0]).toMatchObject({ kind: 'http500', remaining: 'forever' });
	});

	it('random: picks among the given kinds; a soak loop loses only what dropAfterDequeue recorded', async () => {
		const seeded = new Set(sim.seedReports(2000).map((r) => r.smsId));
		sim.injectFault({
			kind: 'random',
			probability: 0.3,
			seed: 7,
			kinds: ['http500', 'html502', 'reset', 'dropAfterDequeue', 'respond'],
		});
		const got: string[] = [];
		for (let i = 0; i < 400 && sim.counters().queued > 0; i++) {
			try {
				const { json } = await getReport(sim);
				if (json && Number(json.Code) > 0) got.push(...json.Details.map((d: { SmsId: string }) => d.SmsId));
			} catch {
				// Transport faults: the client would retry.
			}
		}
		const { faultsFired, droppedInFlightIds, queued: left } = sim.counters();
		expect(left).toBe(0);
		expect(Object.keys(faultsFired).every((k) => ['http500', 'html502', 'reset', 'dropAfterDequeue', 'respond'].includes(k))).toBe(true);
		expect(Object.keys(faultsFired).length).toBeGreaterThanOrEqual(4);
		expect(droppedInFlightIds.length).toBeGreaterThan(0);
		// Every seeded id was either received once or recorded as dropped: nothing else vanished.
		expect(new Set(got).size).toBe(got.length);
		expect(new Set([...got, ...droppedInFlightIds])).toEqual(seeded);
		expect(got.length + droppedInFlightIds.length).toBe(2000);
	});

	it('rejects malformed fault specs', () => {
		const bad: unknown[] = [
			{ kind: 'explode' },
			{ kind: 'http500', count: 0 },
			{ kind: 'http500', probability: 2 },
			{ kind: 'random', kinds: ['random'] },
			{ kind: 'truncatedJson', fraction: 1 },
			{ kind: 'respond', status: 42 },
		];
		for (const spec of bad) expect(() => sim.injectFault(spec as FaultSpec)).toThrow();
		expect(sim.faults()).toEqual([]);
	});

	it('clearFaults disarms everything', async () => {
		sim.injectFault({ kind: 'http500', count: 'forever' });
		sim.clearFaults();
		expect((await getReport(sim)).status).toBe(200);
	});
});

describe('fault timing', () => {
	const sim = useSimulator({ resetEach: false });

	it('afterCalls lets that many matching calls through before firing', async () => {
		sim.seedReports(150);
		sim.injectFault({ kind: 'http500', afterCalls: 2 });
		expect((await getReport(sim)).status).toBe(200);
		expect((await getReport(sim)).status).toBe(200);
		expect((await getReport(sim)).status).toBe(500);
		expect((await getReport(sim)).status).toBe(200);
		expect(sim.counters().faultsFired).toEqual({ http500: 1 });
	});
});
