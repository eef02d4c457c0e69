import { call, drain, getReport, signed, sleep, useSimulator, withSimulator } from './helpers';

const TWO_53 = 2n ** 53n;
const REPORT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** ReportTime text (Beijing, no zone) back to an instant. */
const beijingToMs = (text: string) => Date.parse(text.replace(' ', 'T') + '+08:00');

describe('SmsGetReport', () => {
	const sim = useSimulator({ seed: 3 });

	it('hands out at most 50 per call, Code = count as a string', async () => {
		sim.seedReports(120);
		const codes: string[] = [];
		const sizes: number[] = [];
		for (let i = 0; i < 4; i++) {
			const { json } = await getReport(sim);
			codes.push(json.Code);
			sizes.push(json.Details.length);
			expect(json.Message).toBe('取短信状态报告成功');
		}
		expect(codes).toEqual(['50', '50', '20', '0']);
		expect(sizes).toEqual([50, 50, 20, 0]);
	});

	it('renders items with exactly SmsId, Status, ReportTime, ExStatus in that order, strings', async () => {
		const [seeded] = sim.seedReports([{ smsId: '1355555551', status: '12', exStatus: 'DELIVRD', reportTime: '2023-10-01 12:00:00' }]);
		const { text, json } = await getReport(sim);
		expect(text).toBe(
			'{"Code":"1","Message":"取短信状态报告成功","Details":[{"SmsId":"1355555551","Status":"12","ReportTime":"2023-10-01 12:00:00","ExStatus":"DELIVRD"}]}',
		);
		expect(Object.keys(json.Details[0])).toEqual(['SmsId', 'Status', 'ReportTime', 'ExStatus']);
		expect(seeded.smsId).toBe('1355555551');
	});

	it('stamps generated reports with the current Beijing time', async () => {
		sim.seedReports(5);
		const { json } = await getReport(sim);
		for (const item of json.Details) {
			expect(item.ReportTime).toMatch(REPORT_TIME);
			expect(Math.abs(beijingToMs(item.ReportTime) - Date.now())).toBeLessThan(5000);
		}
	});

	it('is destructive: every seeded id comes out exactly once, in order, never again', async () => {
		const seeded = sim.seedReports(1234).map((r) => r.smsId);
		const received = await drain(sim);
		expect(received).toEqual(seeded);
		expect(new Set(received).size).toBe(1234);
		expect((await getReport(sim)).json.Code).toBe('0');
		expect(sim.counters().dequeuedIds).toEqual(seeded);
	});

	it('issues unique numeric-string ids, some above 2^53 (odd, so not float-representable)', () => {
		const ids = sim.seedReports(2000).map((r) => r.smsId);
		expect(ids.every((id) => /^[1-9]\d{9,18}$/.test(id))).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		const big = ids.filter((id) => BigInt(id) > TWO_53);
		expect(big.length).toBeGreaterThan(200);
		expect(big.length).toBeLessThan(ids.length);
		expect(big.some((id) => String(Number(id)) !== id)).toBe(true);
		// Unique across resets too: a client store that survives a reset never sees a repeat.
		sim.reset();
		const later = sim.seedReports(500).map((r) => r.smsId);
		expect(later.filter((id) => ids.includes(id))).toEqual([]);
	});

	it('seeds a mix of about 85% delivered; ExStatus DELIVRD exactly for Status 12', () => {
		const reports = sim.seedReports(4000);
		const delivered = reports.filter((r) => r.status === '12');
		expect(delivered.length / reports.length).toBeGreaterThan(0.82);
		expect(delivered.length / reports.length).toBeLessThan(0.88);
		for (const r of reports) {
			expect(['12', '13']).toContain(r.status);
			expect(r.exStatus === 'DELIVRD').toBe(r.status === '12');
		}
		const failureCodes = new Set(reports.filter((r) => r.status === '13').map((r) => r.exStatus));
		expect([...failureCodes]).toEqual(expect.arrayContaining(['UNDELIV', 'EXPIRED', 'REJECTD', 'MK:0001']));
	});

	it('can seed every status of the protocol table, with 12/13 still dominating', () => {
		const reports = sim.seedReports(5000, { allStatuses: true });
		const counts: Record<string, number> = {};
		for (const r of reports) counts[r.status] = (counts[r.status] ?? 0) + 1;
		expect(Object.keys(counts).sort()).toEqual(['0', '1', '10', '11', '12', '13', '15', '2', '3', '4', '5', '6', '7'].sort());
		expect(counts['12'] + counts['13']).toBeGreaterThan(0.85 * reports.length);
		expect(reports.every((r) => r.exStatus !== '')).toBe(true);
	});

	it('honours explicit weights and deliveredRatio', () => {
		expect(new Set(sim.seedReports(50, { statusWeights: { '7': 1 } }).map((r) => r.status))).toEqual(new Set(['7']));
		expect(sim.seedReports(50, { deliveredRatio: 0 }).every((r) => r.status === '13')).toBe(true);
	});

	it('is deterministic for a seed, and differs across seeds', async () => {
		const seeded = (seed: number) =>
			withSimulator({ seed }, (one) =>
				one
					.seedReports(300, { allStatuses: true })
					.map(({ smsId, status, exStatus, phoneNumber }) => ({ smsId, status, exStatus, phoneNumber })),
			);
		const first = await seeded(99);
		expect(await seeded(99)).toEqual(first);
		expect(await seeded(100)).not.toEqual(first);
	});

	it('keeps delayed reports invisible until due', async () => {
		sim.seedReports(2);
		sim.seedReports(3, { delayMs: 60_000 });
		expect((await getReport(sim)).json.Code).toBe('2');
		expect(sim.counters().queued).toBe(3);
		// Moving the simulator's clock rather than sleeping: a loaded machine cannot make this flaky.
		sim.setSwitches({ clockOffsetMs: 61_000 });
		expect((await getReport(sim)).json.Code).toBe('3');
	});

	it('hands out reports in the order they became visible, whatever order they were queued', async () => {
		const late = sim.seedReports([{ smsId: '3', delayMs: 300 }]);
		const early = sim.seedReports([{ smsId: '2', delayMs: 100 }]);
		const now = sim.seedReports([{ smsId: '1' }]);
		expect([late[0].smsId, early[0].smsId, now[0].smsId]).toEqual(['3', '2', '1']);
		await sleep(350);
		expect(await drain(sim)).toEqual(['1', '2', '3']);
	});

	it('is atomic under concurrent polling: parallel calls never share a report', async () => {
		const seeded = sim.seedReports(600).map((r) => r.smsId);
		const answers = await Promise.all(Array.from({ length: 20 }, () => getReport(sim)));
		const received = answers.flatMap((a) => a.json.Details.map((d: { SmsId: string }) => d.SmsId));
		expect(received.sort()).toEqual(seeded.slice().sort());
	});

	it('drains 20,000 reports over HTTP, each once', async () => {
		sim.seedReports(20000);
		const ids = await drain(sim);
		expect(ids).toHaveLength(20000);
		expect(new Set(ids).size).toBe(20000);
	});
});

describe('SmsSend, SmsGetRecv, SmsGetBalance', () => {
	const sim = useSimulator({ seed: 5, reportDelayMs: 150, reportDelayJitterMs: 100 });

	const send = (fields: Record<string, string>) => call(sim, { ...signed(sim.account, 'SmsSend'), ...fields });

	it('answers Code = count and Details [{PhoneNumber, SmsId}], then reports after the delay', async () => {
		sim.setSwitches({ includePhoneNumber: true, reportDelayMs: 60_000 });
		const numbers = ['13800138000', '13900139000', '18612345678'];
		const { json } = await send({ PhoneNumbers: numbers.join(','), Content: '测试' });
		expect(json.Code).toBe('3');
		expect(json.Message).toBe('短信提交成功');
		expect(json.Details.map((d: object) => Object.keys(d))).toEqual(Array(3).fill(['PhoneNumber', 'SmsId']));
		expect(json.Details.map((d: { PhoneNumber: string }) => d.PhoneNumber)).toEqual(numbers);
		// Not visible before the configured minimum delay.
		expect((await getReport(sim)).json.Code).toBe('0');
		expect(sim.counters().queued).toBe(3);
		sim.setSwitches({ clockOffsetMs: 60_000 + 100 });
		const reports = (await getReport(sim)).json.Details;
		expect(reports).toHaveLength(3);
		const byId = new Map(json.Details.map((d: { SmsId: string; PhoneNumber: string }) => [d.SmsId, d.PhoneNumber]));
		for (const r of reports) expect(byId.get(r.SmsId)).toBe(r.PhoneNumber);
	});

	it('mixes outcomes at about 85% delivered', async () => {
		sim.setSwitches({ reportDelayMs: 0, reportDelayJitterMs: 0 });
		const numbers = Array.from({ length: 50 }, (_, i) => `1380000${String(i).padStart(4, '0')}`).join(',');
		for (let i = 0; i < 20; i++) expect((await send({ PhoneNumbers: numbers, Content: 'x' })).json.Code).toBe('50');
		const { json } = await getReport(sim);
		expect(json.Code).toBe('50');
		let delivered = json.Details.filter((d: { Status: string }) => d.Status === '12').length;
		let total = 50;
		for (;;) {
			const next = (await getReport(sim)).json;
			if (next.Code === '0') break;
			total += next.Details.length;
			delivered += next.Details.filter((d: { Status: string }) => d.Status === '12').length;
		}
		expect(total).toBe(1000);
		expect(delivered / total).toBeGreaterThan(0.8);
		expect(delivered / total).toBeLessThan(0.9);
	});

	it('validates: >50 numbers -10, bad number -3, missing content -1', async () => {
		const fiftyOne = Array.from({ length: 51 }, (_, i) => `1390000${String(i).padStart(4, '0')}`).join(',');
		expect((await send({ PhoneNumbers: fiftyOne, Content: 'x' })).json.Code).toBe('-10');
		expect((await send({ PhoneNumbers: '12345', Content: 'x' })).json.Code).toBe('-3');
		expect((await send({ PhoneNumbers: '13800138000' })).json.Code).toBe('-1');
		expect((await send({ Content: 'x' })).json.Code).toBe('-1');
		expect(sim.counters().queued).toBe(0);
	});

	it('holds TimerSend messages until their time', async () => {
		sim.setSwitches({ reportDelayMs: 0, reportDelayJitterMs: 0 });
		const at = new Date(Date.now() + 60_000 + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
		expect((await send({ PhoneNumbers: '13800138000', Content: 'x', TimerSend: at })).json.Code).toBe('1');
		expect((await getReport(sim)).json.Code).toBe('0');
		expect(sim.counters().queued).toBe(1);
		sim.setSwitches({ clockOffsetMs: 61_000 });
		expect((await getReport(sim)).json.Code).toBe('1');
	});

	it('spends the balance per message part and refuses with -4 when it runs out', async () => {
		const balance = async () => Number((await call(sim, signed(sim.account, 'SmsGetBalance'))).json.Balance);
		const before = await balance();
		await send({ PhoneNumbers: '13800138000,13900139000', Content: '短'.repeat(134) }); // 2 parts each
		expect(await balance()).toBe(before - 4);
		sim.addAccount({ corpId: '100001', loginName: 'poor', password: 'p', balance: 1 });
		const poor = { corpId: '100001', loginName: 'poor', password: 'p' };
		const { json } = await call(sim, { ...signed(poor, 'SmsSend'), PhoneNumbers: '13800138000,13900139000', Content: 'x' });
		expect(json).toEqual({ Code: '-4', Message: '余额不足' });
	});

	it('SmsGetBalance answers Code "0" with a string Balance and leaves the report queue untouched', async () => {
		sim.seedReports(7);
		const { text, json } = await call(sim, signed(sim.account, 'SmsGetBalance'));
		expect(text).toBe('{"Code":"0","Message":"取账号余额成功","Balance":"100000"}');
		expect(json.Balance).toBe('100000');
		expect(sim.counters().queued).toBe(7);
		expect(sim.counters().dequeued).toBe(0);
		expect((await getReport(sim)).json.Code).toBe('7');
	});

	it('SmsGetRecv hands out queued replies, at most 50 a call, destructively', async () => {
		const seeded = sim.seedReplies(60);
		sim.seedReports(5);
		const first = (await call(sim, signed(sim.account, 'SmsGetRecv'))).json;
		expect(first.Code).toBe('50');
		expect(first.Message).toBe('取上行短信成功');
		expect(Object.keys(first.Details[0])).toEqual(['PhoneNumber', 'RecvNumber', 'AddNum', 'RecvTime', 'Content']);
		expect(first.Details[0].PhoneNumber).toBe(seeded[0].phoneNumber);
		expect(first.Details[0].RecvTime).toMatch(REPORT_TIME);
		expect((await call(sim, signed(sim.account, 'SmsGetRecv'))).json.Code).toBe('10');
		expect((await call(sim, signed(sim.account, 'SmsGetRecv'))).json.Code).toBe('0');
		// Replies and reports are separate queues.
		expect(sim.counters().queued).toBe(5);
		expect(sim.counters().recvDequeued).toBe(60);
	});

	it('SmsGetRecv returns explicit reply specs verbatim', async () => {
		sim.seedReplies([{ phoneNumber: '13800138000', content: 'TD 退订', recvTime: '2024-05-01 08:00:00', addNum: '01' }]);
		const { json } = await call(sim, signed(sim.account, 'SmsGetRecv'));
		expect(json.Details[0]).toEqual({
			PhoneNumber: '13800138000',
			RecvNumber: expect.any(String),
			AddNum: '01',
			RecvTime: '2024-05-01 08:00:00',
			Content: 'TD 退订',
		});
	});

	it('produces replies to sent messages with the replyRatio switch', async () => {
		sim.setSwitches({ reportDelayMs: 0, reportDelayJitterMs: 0, replyRatio: 1 });
		await send({ PhoneNumbers: '13800138000,13900139000', Content: 'x' });
		await sleep(20);
		const { json } = await call(sim, signed(sim.account, 'SmsGetRecv'));
		expect(json.Details.map((d: { PhoneNumber: string }) => d.PhoneNumber)).toEqual(['13800138000', '13900139000']);
	});
});
