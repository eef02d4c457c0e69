import type { Account } from '../../tools/simulator';
import { call, control, getReport, type Json, signed, useSimulator, withSimulator } from './helpers';

/**
 * The whole SMS loop over real HTTP: sends (plain and from a template) queue one report per
 * accepted number, replies come from the control interface, balances fall by segments, templates
 * are created and read, and every check the reference names is refused with its code. Negative
 * codes beyond -1..-4 are the simulator's provisional choices (see tools/simulator/codes.ts).
 */

/** `YYYY-MM-DD HH:MM:SS` in Beijing time, computed here independently of the simulator. */
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

/** `count` distinct valid mobile numbers. */
const mobiles = (count: number, prefix = '1380000') =>
	Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(11 - prefix.length, '0')}`);

/** Every report now visible, drained. */
async function reports(sim: ReturnType<typeof useSimulator>): Promise<Json[]> {
	const out: Json[] = [];
	for (;;) {
		const { json } = await getReport(sim);
		if (json.Code === '0') return out;
		out.push(...json.Details);
	}
}

describe('SmsSend', () => {
	const sim = useSimulator({ seed: 31, reportDelayMs: 0, reportDelayJitterMs: 0, switches: { includePhoneNumber: true } });
	const send = (fields: Record<string, string>, account: Account = sim.account) =>
		call(sim, { ...signed(account, 'SmsSend'), ...fields });

	it('queues exactly one report per accepted number, with the SmsId it answered', async () => {
		const numbers = mobiles(7);
		const { json } = await send({ PhoneNumbers: numbers.join(','), Content: '您的订单已发货' });
		expect(json.Code).toBe('7');
		const answered = new Map<string, string>(json.Details.map((d: Json) => [d.SmsId, d.PhoneNumber]));
		expect([...answered.values()]).toEqual(numbers);
		const got = await reports(sim);
		expect(got).toHaveLength(7);
		for (const r of got) expect(answered.get(r.SmsId)).toBe(r.PhoneNumber);
		expect(new Set(got.map((r) => r.SmsId)).size).toBe(7);
	});

	it('waits the configured delay before a report is visible (moved by the simulator clock, not by sleeping)', async () => {
		sim.setSwitches({ reportDelayMs: 5 * 60_000 });
		await send({ PhoneNumbers: '13800138000', Content: 'x' });
		expect((await getReport(sim)).json.Code).toBe('0');
		sim.setSwitches({ clockOffsetMs: 5 * 60_000 - 5_000 });
		expect((await getReport(sim)).json.Code).toBe('0');
		sim.setSwitches({ clockOffsetMs: 5 * 60_000 + 1_000 });
		expect((await getReport(sim)).json.Code).toBe('1');
	});

	it('fails exactly the numbers the failure rule names (numbers and suffixes); delivers all others', async () => {
		const numbers = mobiles(120, '1390000');
		// 12 of 120 fail, six named by number (one with +86), six by suffix.
		const failing = numbers.filter((_, i) => i % 10 === 3);
		sim.setFailureRule({ numbers: [`+86${failing[0]}`, ...failing.slice(1, 6)], suffixes: failing.slice(6).map((n) => n.slice(-4)), exStatus: 'MK:0001' });
		for (let i = 0; i < 120; i += 50) {
			expect((await send({ PhoneNumbers: numbers.slice(i, i + 50).join(','), Content: 'x' })).json.Code).toBe(
				String(Math.min(50, 120 - i)),
			);
		}
		const got = await reports(sim);
		expect(got).toHaveLength(120);
		const failed = got.filter((r) => r.Status === '13');
		expect(failed.map((r) => r.PhoneNumber).sort()).toEqual(failing.slice().sort());
		expect(failed.every((r) => r.ExStatus === 'MK:0001')).toBe(true);
		expect(got.filter((r) => r.Status === '12').every((r) => r.ExStatus === 'DELIVRD')).toBe(true);
	});

	it('reset() brings back chance outcomes; a start-up failure rule is what reset() returns to', async () => {
		sim.setFailureRule({ suffixes: ['0'] });
		sim.reset();
		expect(sim.failureRule()).toBeUndefined();
		await withSimulator({ failureRule: { suffixes: ['1'] }, reportDelayMs: 0, reportDelayJitterMs: 0 }, async (ruled) => {
			ruled.setFailureRule(undefined);
			ruled.reset();
			expect(ruled.failureRule()).toEqual({ suffixes: ['1'] });
			await call(ruled, { ...signed(ruled.account, 'SmsSend'), PhoneNumbers: '13800138001,13800138002', Content: 'x' });
			expect((await getReport(ruled)).json.Details.map((d: Json) => d.Status)).toEqual(['13', '12']);
		});
	});

	it('refuses what the reference forbids, charging and queuing nothing', async () => {
		const cases: [Record<string, string>, string, string][] = [
			[{ PhoneNumbers: mobiles(51).join(','), Content: 'x' }, '-10', '手机号码超过50个'],
			[{ PhoneNumbers: '13800138000,12345', Content: 'x' }, '-3', '手机号码错误'],
			[{ PhoneNumbers: '13800138000;13900139000', Content: 'x' }, '-3', '手机号码错误'],
			[{ PhoneNumbers: '13800138000', Content: '字'.repeat(901) }, '-11', '短信内容超过900个字'],
			[{ PhoneNumbers: '13800138000' }, '-1', '参数不完整'],
			[{ Content: 'x' }, '-1', '参数不完整'],
			[{ PhoneNumbers: ',', Content: 'x' }, '-1', '参数不完整'],
			[{ PhoneNumbers: '13800138000', Content: 'x', TimerSend: '2030-02-30 08:00:00' }, '-19', expect.stringContaining('定时时间')],
			[{ PhoneNumbers: '13800138000', Content: 'x', TimerSend: String(Date.now()) }, '-19', expect.stringContaining('定时时间')],
		];
		for (const [fields, code, message] of cases) {
			const { status, json } = await send(fields);
			expect(status).toBe(200);
			expect(json).toEqual({ Code: code, Message: message });
		}
		const c = sim.counters();
		expect(c).toMatchObject({ queued: 0, accepted: 0, segmentsCharged: 0, sends: [], balances: { '100000/admin': 100000 } });
		expect(c.refusedByCode).toEqual({ '-10': 1, '-3': 2, '-11': 1, '-1': 3, '-19': 2 });
	});

	it('accepts 50 numbers, +86/86 prefixes and a trailing comma', async () => {
		expect((await send({ PhoneNumbers: mobiles(50).join(','), Content: 'x' })).json.Code).toBe('50');
		const { json } = await send({ PhoneNumbers: '+8613800138000,8613900139000,', Content: 'x' });
		expect(json.Code).toBe('2');
		expect(json.Details.map((d: Json) => d.PhoneNumber)).toEqual(['+8613800138000', '8613900139000']);
	});

	it.each([
		{ length: 70, longSms: undefined, segments: 1 },
		{ length: 71, longSms: undefined, segments: 2 },
		{ length: 134, longSms: '1', segments: 2 },
		{ length: 135, longSms: '1', segments: 3 },
		{ length: 900, longSms: undefined, segments: 14 },
		{ length: 140, longSms: '0', segments: 2 },
		{ length: 141, longSms: '0', segments: 3 },
	])('charges $segments segment(s) per number for $length characters (LongSms=$longSms)', async ({ length, longSms, segments }) => {
		const balance = async () => Number((await call(sim, signed(sim.account, 'SmsGetBalance'))).json.Balance);
		const before = await balance();
		const fields = { PhoneNumbers: '13800138000,13900139000,18612345678', Content: '短'.repeat(length) };
		expect((await send(longSms === undefined ? fields : { ...fields, LongSms: longSms })).json.Code).toBe('3');
		expect(await balance()).toBe(before - 3 * segments);
		expect(sim.counters()).toMatchObject({ segmentsCharged: 3 * segments, sends: [{ segments, longSms: longSms !== '0' }] });
	});

	it('spends a balance to exactly zero, then refuses with -4 and queues nothing', async () => {
		const poor = { corpId: '100002', loginName: 'poor', password: 'p', balance: 4 };
		sim.addAccount(poor);
		expect((await send({ PhoneNumbers: '13800138000,13900139000', Content: '短'.repeat(100) }, poor)).json.Code).toBe('2');
		expect(sim.counters().balances['100002/poor']).toBe(0);
		expect((await send({ PhoneNumbers: '13800138000', Content: 'x' }, poor)).json).toEqual({ Code: '-4', Message: '余额不足' });
		expect(sim.counters()).toMatchObject({ accepted: 2, queued: 2, refusedByCode: { '-4': 1 } });
	});

	it('noBalance=sendWhatFits: sends the numbers the balance covers, answers -4 with their Details', async () => {
		const poor = { corpId: '100003', loginName: 'short', password: 'p', balance: 5 };
		sim.addAccount(poor);
		sim.setSwitches({ noBalance: 'sendWhatFits' });
		const numbers = mobiles(4);
		const { json } = await send({ PhoneNumbers: numbers.join(','), Content: '短'.repeat(71) }, poor);
		expect(json.Code).toBe('-4');
		expect(json.Message).toBe('余额不足');
		expect(json.Details.map((d: Json) => d.PhoneNumber)).toEqual(numbers.slice(0, 2));
		const c = sim.counters();
		expect(c).toMatchObject({ accepted: 2, segmentsCharged: 4, queued: 2, refusedByCode: { '-4': 1 }, balances: { '100003/short': 1 } });
		expect(c.sends[0].smsIds).toEqual(json.Details.map((d: Json) => d.SmsId));
		expect((await send({ PhoneNumbers: numbers[0], Content: '短'.repeat(71) }, poor)).json).toEqual({ Code: '-4', Message: '余额不足' });
	});

	it('holds a TimerSend message until its Beijing time; a past time sends now', async () => {
		const simNow = Date.now();
		// Within the 20-minute TimeStamp window, so the clock can be moved past it and still sign in.
		const at = beijing(simNow + 10 * 60_000);
		await send({ PhoneNumbers: '13800138000', Content: '定时', TimerSend: at });
		await send({ PhoneNumbers: '13900139000', Content: '过去', TimerSend: beijing(simNow - 3600_000) });
		expect((await reports(sim)).map((r) => r.PhoneNumber)).toEqual(['13900139000']);
		sim.setSwitches({ clockOffsetMs: 10 * 60_000 - 30_000 });
		expect((await getReport(sim)).json.Code).toBe('0');
		sim.setSwitches({ clockOffsetMs: 10 * 60_000 + 1000 });
		const late = (await getReport(sim)).json.Details;
		expect(late.map((r: Json) => r.PhoneNumber)).toEqual(['13800138000']);
		expect(sim.counters().sends[0]).toMatchObject({ method: 'SmsSend', timer: at, content: '定时' });
	});

	it('records each accepted call in the counters: numbers, text, settings, ids', async () => {
		const { json } = await send({ PhoneNumbers: '13800138000,13900139000', Content: '您好', LongSms: '0', AddNum: '001' });
		const c = sim.counters();
		expect(c.sends).toEqual([
			{
				method: 'SmsSend',
				account: '100000/admin',
				numbers: ['13800138000', '13900139000'],
				smsIds: json.Details.map((d: Json) => d.SmsId),
				content: '您好',
				segments: 1,
				longSms: false,
				addNum: '001',
				answerLost: false,
			},
		]);
		expect(c).toMatchObject({ sent: 2, templateSent: 0, accepted: 2, requestsByMethod: { SmsSend: 1 } });
	});

	it('dropAfterDequeue on SmsSend: accepted, reports queued, the answer lost; one call, never repeated', async () => {
		sim.injectFault({ kind: 'dropAfterDequeue', method: 'SmsSend' });
		await expect(send({ PhoneNumbers: '13800138000,13900139000', Content: 'x' })).rejects.toThrow();
		const c = sim.counters();
		expect(c).toMatchObject({ accepted: 2, requestsByMethod: { SmsSend: 1 }, faultsFired: { dropAfterDequeue: 1 } });
		expect(c.sends).toHaveLength(1);
		expect(c.sends[0].answerLost).toBe(true);
		expect((await reports(sim)).map((r) => r.SmsId)).toEqual(c.sends[0].smsIds);
	});

	it('dropAfterDequeue on TemplateSendSms: the same, for template sends', async () => {
		const [template] = sim.seedTemplates([{ templateContent: '您好' }]);
		sim.injectFault({ kind: 'dropAfterDequeue', method: 'TemplateSendSms' });
		await expect(
			call(sim, { ...signed(sim.account, 'TemplateSendSms'), TemplateID: template.templateId, Mobiles: '13800138000' }),
		).rejects.toThrow();
		expect(sim.counters()).toMatchObject({ templateSent: 1, sends: [{ method: 'TemplateSendSms', answerLost: true }] });
		expect((await reports(sim)).map((r) => r.PhoneNumber)).toEqual(['13800138000']);
	});

	it('truncatedJson on SmsSend: accepted, the answer cut, the send marked as answer lost', async () => {
		sim.injectFault({ kind: 'truncatedJson', method: 'SmsSend' });
		const cut = await send({ PhoneNumbers: mobiles(5).join(','), Content: 'x' });
		expect(cut.json).toBeUndefined();
		expect(sim.counters()).toMatchObject({ accepted: 5, sends: [{ answerLost: true }] });
	});

	it('faults armed for SmsSend leave other methods alone, and a refused fault-free send costs nothing', async () => {
		sim.injectFault({ kind: 'http500', method: 'SmsSend' });
		expect((await getReport(sim)).status).toBe(200);
		expect((await send({ PhoneNumbers: '13800138000', Content: 'x' })).status).toBe(500);
		expect(sim.counters()).toMatchObject({ accepted: 0, queued: 0 });
	});

	it('shape switches: SmsID, Mobile, lower-case keys, numeric ids', async () => {
		sim.setSwitches({ smsIdKey: 'SmsID', phoneKey: 'Mobile' });
		const soap = (await send({ PhoneNumbers: '13800138000', Content: 'x' })).json;
		expect(Object.keys(soap.Details[0])).toEqual(['Mobile', 'SmsID']);
		sim.setSwitches({ smsIdKey: 'SmsId', phoneKey: 'PhoneNumber', lowerCaseKeys: true, numericSmsId: true });
		const { text, json } = await send({ PhoneNumbers: '13900139000', Content: 'x' });
		expect(Object.keys(json)).toEqual(['code', 'message', 'details']);
		expect(Object.keys(json.details[0])).toEqual(['phonenumber', 'smsid']);
		expect(text).toMatch(/"smsid":\d+\}/);
	});
});

describe('TemplateSendSms and templates', () => {
	const sim = useSimulator({ seed: 37, reportDelayMs: 0, reportDelayJitterMs: 0 });
	const sendTemplate = (fields: Record<string, string>) => call(sim, { ...signed(sim.account, 'TemplateSendSms'), ...fields });
	const method = (name: string, fields: Record<string, string> = {}) => call(sim, { ...signed(sim.account, name), ...fields });

	it('sends from a template: params by number in any case, one report per number, text filled in', async () => {
		const [template] = sim.seedTemplates([{ templateContent: '您的验证码为{1},{2}分钟内有效。' }]);
		const { json } = await sendTemplate({ TemplateID: template.templateId, Mobiles: '13800138000,13900139000', param1: '123456', Param2: '5' });
		expect(json.Code).toBe('2');
		expect(json.Message).toBe('模板短信提交成功');
		expect(json.Details.map((d: Json) => d.PhoneNumber)).toEqual(['13800138000', '13900139000']);
		const got = await reports(sim);
		expect(got.map((r) => r.SmsId).sort()).toEqual(json.Details.map((d: Json) => d.SmsId).sort());
		expect(sim.counters()).toMatchObject({
			templateSent: 2,
			sent: 0,
			accepted: 2,
			sends: [{ method: 'TemplateSendSms', templateId: template.templateId, content: '您的验证码为123456,5分钟内有效。', params: { '1': '123456', '2': '5' } }],
		});
	});

	it('refuses what the reference forbids, charging and queuing nothing', async () => {
		const [ok] = sim.seedTemplates([{ templateContent: '{1}您好' }]);
		const [pending] = sim.seedTemplates([{ templateContent: '待审核{1}', status: '0' }]);
		const base = { TemplateID: ok.templateId, Mobiles: '13800138000', param1: 'x' };
		const cases: [Record<string, string>, string][] = [
			[{ ...base, TemplateID: '' }, '-1'],
			[{ TemplateID: ok.templateId, param1: 'x' }, '-1'],
			[{ ...base, Mobiles: mobiles(51).join(',') }, '-10'],
			[{ ...base, Mobiles: '1380013800' }, '-3'],
			[{ ...base, param1: '字'.repeat(31) }, '-13'],
			[{ ...base, param10: 'x' }, '-14'],
			[{ ...base, TemplateID: '99999999' }, '-15'],
			[{ ...base, TemplateID: pending.templateId }, '-16'],
			[{ ...base, Timer: 'tomorrow' }, '-19'],
		];
		for (const [fields, code] of cases) {
			const { json } = await sendTemplate(fields);
			expect([fields, json.Code]).toEqual([fields, code]);
			expect(json.Message).toMatch(/[\u4e00-\u9fa5]/);
		}
		expect((await sendTemplate({ TemplateID: ok.templateId, Mobiles: '13800138000' })).json.Code).toBe('-1');
		expect((await sendTemplate({ ...base, param1: '字'.repeat(30) })).json.Code).toBe('1');
		expect(sim.counters()).toMatchObject({ accepted: 1, queued: 1 });
	});

	it('holds a Timer send until its time and charges the filled-in text', async () => {
		const [template] = sim.seedTemplates([{ templateContent: `${'长'.repeat(60)}{1}` }]);
		const at = beijing(Date.now() + 10 * 60_000);
		expect((await sendTemplate({ TemplateID: template.templateId, Mobiles: '13800138000', Param1: '多'.repeat(20), Timer: at })).json.Code).toBe('1');
		expect(sim.counters()).toMatchObject({ segmentsCharged: 2, queued: 1, queuedVisible: 0, sends: [{ timer: at, segments: 2 }] });
		sim.setSwitches({ clockOffsetMs: 10 * 60_000 + 1000 });
		expect((await getReport(sim)).json.Code).toBe('1');
	});

	it('TemplateAdd gives an id that TemplateQuery, TemplateList and TemplateSendSms know', async () => {
		const added = await method('TemplateAdd', { TemplateType: '1', TemplateName: '验证码', TemplateContent: '验证码{1}', Remark: '登录' });
		expect(added.json).toEqual({ Code: '0', Message: '模板提交成功', TemplateID: expect.stringMatching(/^\d+$/) });
		const id = added.json.TemplateID;
		const queried = await method('TemplateQuery', { TemplateID: id });
		expect(queried.json).toEqual({
			Code: '0',
			Message: '查询模板成功',
			TemplateID: id,
			TemplateName: '验证码',
			TemplateType: '1',
			TemplateContent: '验证码{1}',
			Status: '1',
			Remark: '登录',
			CreateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
		});
		const second = (await method('TemplateAdd', { TemplateType: '2', TemplateName: 'b', TemplateContent: '促销', Remark: 'r' })).json.TemplateID;
		expect(Number(second)).toBeGreaterThan(Number(id));
		const list = (await method('TemplateList')).json;
		expect(list.Code).toBe('2');
		expect(list.Details.map((t: Json) => t.TemplateID)).toEqual([id, second]);
		expect((await sendTemplate({ TemplateID: id, Mobiles: '13800138000', param1: '1' })).json.Code).toBe('1');
		expect(sim.counters().templates).toBe(2);
	});

	it('TemplateAdd refuses missing fields, over 500 characters, placeholders other than {1}..{9}, bad types', async () => {
		const base = { TemplateType: '1', TemplateName: 'n', TemplateContent: '您好{1}', Remark: 'r' };
		const cases: [Record<string, string>, string][] = [
			[{ ...base, TemplateName: '' }, '-1'],
			[{ ...base, Remark: '' }, '-1'],
			[{ ...base, TemplateContent: '字'.repeat(501) }, '-17'],
			[{ ...base, TemplateContent: '您好{10}' }, '-18'],
			[{ ...base, TemplateContent: '您好{name}' }, '-18'],
			[{ ...base, TemplateContent: '您好{0}' }, '-18'],
			[{ ...base, TemplateType: '3' }, '-20'],
		];
		for (const [fields, code] of cases) expect([fields, (await method('TemplateAdd', fields)).json.Code]).toEqual([fields, code]);
		expect((await method('TemplateAdd', { ...base, TemplateContent: `${'字'.repeat(497)}{9}` })).json.Code).toBe('0');
		expect(sim.counters().templates).toBe(1);
	});

	it('new templates take the newTemplateStatus switch: pending ones cannot be sent', async () => {
		sim.setSwitches({ newTemplateStatus: '0' });
		const id = (await method('TemplateAdd', { TemplateType: '2', TemplateName: 'n', TemplateContent: 'x', Remark: 'r' })).json.TemplateID;
		expect((await method('TemplateQuery', { TemplateID: id })).json.Status).toBe('0');
		expect((await sendTemplate({ TemplateID: id, Mobiles: '13800138000' })).json).toEqual({ Code: '-16', Message: '模板未审核通过' });
		sim.seedTemplates([{ templateId: id, templateContent: 'x', status: '1' }]);
		expect((await sendTemplate({ TemplateID: id, Mobiles: '13800138000' })).json.Code).toBe('1');
	});

	it('TemplateQuery: -1 without an id, -15 for an unknown one; templates are per account', async () => {
		expect((await method('TemplateQuery')).json.Code).toBe('-1');
		expect((await method('TemplateQuery', { TemplateID: '12345678' })).json).toEqual({ Code: '-15', Message: '模板不存在' });
		const other = { corpId: '200002', loginName: 'x', password: 'y' };
		sim.addAccount(other);
		const [mine] = sim.seedTemplates([{ templateContent: 'a' }], { account: other });
		expect((await method('TemplateQuery', { TemplateID: mine.templateId })).json.Code).toBe('-15');
		expect((await call(sim, { ...signed(other, 'TemplateQuery'), TemplateID: mine.templateId })).json.Code).toBe('0');
	});

	it('recordPlacement=details moves single records into Details', async () => {
		sim.setSwitches({ recordPlacement: 'details' });
		const [t] = sim.seedTemplates([{ templateContent: 'a' }]);
		expect((await method('TemplateQuery', { TemplateID: t.templateId })).json.Details[0]).toMatchObject({ TemplateID: t.templateId, TemplateContent: 'a' });
		expect((await method('SmsGetBalance')).json).toEqual({ Code: '0', Message: '取账号余额成功', Details: [{ Balance: '100000' }] });
		expect((await method('SmsGetSign')).json.Details).toEqual([{ Sign: '短信易' }]);
	});
});

describe('SmsGetSign, SmsGetRecv, SmsGetBalance', () => {
	const sim = useSimulator({ seed: 41 });
	const method = (name: string, account: Account = sim.account) => call(sim, signed(account, name));

	it('SmsGetSign answers the account signature', async () => {
		expect((await method('SmsGetSign')).json).toEqual({ Code: '0', Message: '取签名成功', Sign: '短信易' });
		const signedAccount = { corpId: '300003', loginName: 'shop', password: 'pw', sign: '某某商城' };
		sim.addAccount(signedAccount);
		expect((await method('SmsGetSign', signedAccount)).json.Sign).toBe('某某商城');
	});

	it('SmsGetRecv hands out replies the control API injects, at most 50 a call, each once', async () => {
		const replies = Array.from({ length: 73 }, (_, i) => ({ phoneNumber: mobiles(73)[i], content: i % 2 ? '退订' : 'TD' }));
		expect((await control(sim, 'POST', '/_sim/replies', { replies })).json.count).toBe(73);
		const seen: Json[] = [];
		for (;;) {
			const { json } = await method('SmsGetRecv');
			expect(Number(json.Code)).toBeLessThanOrEqual(50);
			if (json.Code === '0') break;
			seen.push(...json.Details);
		}
		expect(seen.map((r) => r.PhoneNumber)).toEqual(replies.map((r) => r.phoneNumber));
		expect(seen.map((r) => r.Content)).toEqual(replies.map((r) => r.content));
		expect(sim.counters()).toMatchObject({ recvDequeued: 73, recvQueued: 0 });
	});

	it('SmsGetRecv with phoneKey=Mobile and lower-case keys', async () => {
		sim.seedReplies([{ phoneNumber: '13800138000', content: 'TD' }]);
		sim.setSwitches({ phoneKey: 'Mobile', lowerCaseKeys: true });
		const { json } = await method('SmsGetRecv');
		expect(Object.keys(json.details[0])).toEqual(['mobile', 'recvnumber', 'addnum', 'recvtime', 'content']);
	});

	it('SmsGetBalance reads the balance sends left, per account', async () => {
		await call(sim, { ...signed(sim.account, 'SmsSend'), PhoneNumbers: mobiles(10).join(','), Content: '短'.repeat(71) });
		expect((await method('SmsGetBalance')).json.Balance).toBe(String(100000 - 20));
		expect(sim.counters().balances['100000/admin']).toBe(99980);
	});
});

describe('failure rule and templates over the control interface', () => {
	const sim = useSimulator({ seed: 43, reportDelayMs: 0, reportDelayJitterMs: 0 });

	it('POST/GET/DELETE /_sim/failure-rule', async () => {
		expect((await control(sim, 'GET', '/_sim/failure-rule')).json).toEqual({ rule: null });
		const set = await control(sim, 'POST', '/_sim/failure-rule', { numbers: ['+8613800138000'], suffixes: ['99'] });
		expect(set.json).toEqual({ rule: { numbers: ['13800138000'], suffixes: ['99'] } });
		expect((await control(sim, 'GET', '/_sim/state')).json.failureRule).toEqual(set.json.rule);
		await call(sim, { ...signed(sim.account, 'SmsSend'), PhoneNumbers: '13800138000,13900139099,13900139098', Content: 'x' });
		expect((await getReport(sim)).json.Details.map((d: Json) => d.Status)).toEqual(['13', '13', '12']);
		expect((await control(sim, 'DELETE', '/_sim/failure-rule')).json).toEqual({ rule: null });
		expect(sim.failureRule()).toBeUndefined();
		for (const bad of [{ numbers: '13800138000' }, { suffix: ['1'] }, { numbers: ['abc'] }, { exStatus: '' }]) {
			expect((await control(sim, 'POST', '/_sim/failure-rule', bad)).status).toBe(400);
		}
	});

	it('POST/GET /_sim/templates', async () => {
		const posted = await control(sim, 'POST', '/_sim/templates', { templates: [{ templateContent: '您好{1}', templateName: 'hi' }] });
		expect(posted.json.templates[0]).toMatchObject({ templateContent: '您好{1}', templateName: 'hi', status: '1', templateType: '1' });
		const listed = await control(sim, 'GET', '/_sim/templates');
		expect(listed.json.templates).toEqual(posted.json.templates);
		const { json } = await call(sim, { ...signed(sim.account, 'TemplateQuery'), TemplateID: posted.json.templates[0].templateId });
		expect(json.TemplateName).toBe('hi');
		expect((await control(sim, 'POST', '/_sim/templates', { templates: [{}] })).status).toBe(400);
	});
});
