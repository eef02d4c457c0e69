import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MobsetSms } from '../../nodes/MobsetSms/MobsetSms.node';
import { runNode, type RunNodeOptions } from '../../tools/harness';
import { useSimulator } from './fixtures';

const env = useSimulator();

const customers = (count: number, from = 13800000000) =>
	Array.from({ length: count }, (_, i) => ({ json: { phone: String(from + i), name: `Customer ${i}` } }));

async function send(parameters: INodeParameters, extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new MobsetSms(),
		credentials: env.credentials(),
		parameters: { resource: 'message', operation: 'send', ...parameters },
		...extra,
	});
}

/** Send the same text to each input item's `phone`. */
const sendToEach = async (items: INodeExecutionData[], extra: Partial<RunNodeOptions> = {}, options: INodeParameters = {}) =>
	await send({ phoneNumbers: '={{ $json.phone }}', message: 'Your order has shipped.', options }, { inputItems: items, ...extra });

describe('Mobset SMS: Message → Send through the n8n engine', () => {
	it('normalises pasted numbers and outputs one item per number, paired to its input item', async () => {
		const run = await send({ phoneNumbers: '+86 138-0013-8000，13900139000;\n8613700137000', message: '验证码 123456' });
		expect(run.error).toBeUndefined();
		const [call] = env.sim().counters().sends;
		expect(call.numbers).toEqual(['13800138000', '13900139000', '13700137000']);
		expect(call.content).toBe('验证码 123456');
		expect(run.outputs[0]).toEqual(
			call.numbers.map((phoneNumber, i) => ({
				json: {
					smsId: call.smsIds[i],
					phoneNumber,
					accepted: true,
					code: 3,
					message: '短信提交成功',
					segments: 1,
					scheduledAt: null,
					raw: { PhoneNumber: phoneNumber, SmsId: call.smsIds[i] },
				},
				pairedItem: { item: 0 },
			})),
		);
		expect(typeof run.outputs[0][0].json.smsId).toBe('string');
	});

	it('sends 120 customers with the same text in 3 calls, each output paired to its customer', async () => {
		const items = customers(120);
		const run = await sendToEach(items);
		expect(run.error).toBeUndefined();
		const { sends, requestsByMethod } = env.sim().counters();
		expect(requestsByMethod.SmsSend).toBe(3);
		expect(sends.map((s) => s.numbers.length)).toEqual([50, 50, 20]);
		expect(run.outputs[0].map((item) => item.json.phoneNumber)).toEqual(items.map((item) => item.json.phone));
		expect(run.outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const smsIdOf = new Map(sends.flatMap((s) => s.numbers.map((n, i) => [n, s.smsIds[i]])));
		expect(run.outputs[0].every((item) => item.json.smsId === smsIdOf.get(item.json.phoneNumber as string))).toBe(true);
	});

	it('notifies 10,000 customers in 200 calls', async () => {
		const run = await sendToEach(customers(10_000));
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toHaveLength(10_000);
		expect(env.sim().counters().requestsByMethod.SmsSend).toBe(200);
		expect(env.sim().counters().accepted).toBe(10_000);
	}, 120_000);

	it('keeps different texts in different calls, and every item apart when Combine Identical Messages is off', async () => {
		const items = customers(4).map((item, i) => ({ json: { ...item.json, text: i % 2 ? 'A' : 'B' } }));
		const combined = await send({ phoneNumbers: '={{ $json.phone }}', message: '={{ $json.text }}' }, { inputItems: items });
		expect(combined.error).toBeUndefined();
		expect(env.sim().counters().sends.map((s) => [s.content, s.numbers.length])).toEqual([
			['B', 2],
			['A', 2],
		]);
		expect(combined.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);

		env.sim().reset();
		await send(
			{ phoneNumbers: '={{ $json.phone }}', message: 'same', options: { combineIdentical: false } },
			{ inputItems: items },
		);
		expect(env.sim().counters().requestsByMethod.SmsSend).toBe(4);
	});

	it('sends a number shared by two customers twice, in two calls', async () => {
		const run = await sendToEach([{ json: { phone: '13800138000' } }, { json: { phone: '13800138000' } }]);
		expect(run.error).toBeUndefined();
		expect(env.sim().counters().sends.map((s) => s.numbers)).toEqual([['13800138000'], ['13800138000']]);
		expect(run.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	describe('refuses before sending anything', () => {
		it('a value that is not a number, naming the item and the value', async () => {
			const items = [...customers(2), { json: { phone: '13800138000, call me' } }];
			const run = await sendToEach(items);
			expect(run.error).toBeInstanceOf(NodeOperationError);
			expect(run.error?.message).toMatch(/item 2 contains "call", "me"/);
			expect(env.sim().counters().requests).toBe(0);
		});

		it('an empty number list', async () => {
			const run = await send({ phoneNumbers: ' , ', message: 'x' });
			expect(run.error?.message).toMatch(/Phone Numbers of item 0 is empty/);
		});

		it('a text over 900 characters, with its length', async () => {
			const run = await send({ phoneNumbers: '13800138000', message: '字'.repeat(901) });
			expect(run.error?.message).toMatch(/item 0 is 901 characters long; Mobset takes at most 900/);
			expect(env.sim().counters().requests).toBe(0);
			const ok = await send({ phoneNumbers: '13800138000', message: '字'.repeat(900) });
			expect(ok.error).toBeUndefined();
			expect(env.sim().counters().sends[0].segments).toBe(14);
		});

		it('a scheduled time in the past', async () => {
			const run = await send({ phoneNumbers: '13800138000', message: 'x', options: { sendAt: '2020-01-01T10:00:00' } });
			expect(run.error?.message).toMatch(/Send At of item 0 \(2020-01-01T\d\d:00:00\+08:00\) is in the past/);
			expect(env.sim().counters().requests).toBe(0);
		});

		it('a send with Retry On Fail on', async () => {
			const run = await send({ phoneNumbers: '13800138000', message: 'x' }, { nodeSettings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } });
			expect(run.error?.message).toMatch(/Retry On Fail is on/);
			expect(env.sim().counters().requests).toBe(0);
		});
	});

	it('sends Long SMS by default, and as separate parts when turned off', async () => {
		const text = '字'.repeat(71);
		await send({ phoneNumbers: '13800138000', message: text });
		await send({ phoneNumbers: '13800138000', message: text, options: { longSms: false } });
		const [long, parts] = env.sim().counters().sends;
		expect([long.longSms, long.segments, parts.longSms, parts.segments]).toEqual([true, 2, false, 2]);
		expect(env.sim().counters().segmentsCharged).toBe(4);
	});

	describe('Send At in Beijing time, whatever the workflow\'s time zone', () => {
		it.each([
			['2030-01-15T10:00:00', 'Asia/Shanghai', '2030-01-15 10:00:00'],
			['2030-01-15T10:00:00', 'America/New_York', '2030-01-15 23:00:00'],
			['2030-07-15T10:00:00', 'America/New_York', '2030-07-15 22:00:00'],
			['2030-01-15T10:00:00', 'Europe/London', '2030-01-15 18:00:00'],
			['2030-01-15T10:00:00Z', 'Pacific/Kiritimati', '2030-01-15 18:00:00'],
			['2030-01-15T10:00:00+09:00', 'UTC', '2030-01-15 09:00:00'],
		])('%s in a workflow set to %s goes out at %s Beijing time', async (sendAt, timezone, timer) => {
			const run = await send({ phoneNumbers: '13800138000', message: 'x', options: { sendAt } }, { timezone });
			expect(run.error).toBeUndefined();
			expect(env.sim().counters().sends[0].timer).toBe(timer);
			expect(run.outputs[0][0].json.scheduledAt).toBe(timer.replace(' ', 'T') + '+08:00');
		});

		it('an expression giving a Luxon DateTime', async () => {
			const run = await send(
				{ phoneNumbers: '13800138000', message: 'x', options: { sendAt: "={{ DateTime.fromISO('2030-01-15T10:00:00', { zone: 'Europe/Paris' }) }}" } },
				{ timezone: 'America/Los_Angeles' },
			);
			expect(run.error).toBeUndefined();
			expect(env.sim().counters().sends[0].timer).toBe('2030-01-15 17:00:00');
		});
	});

	describe('answers of other shapes', () => {
		it.each([
			[{ smsIdKey: 'SmsID' as const }],
			[{ phoneKey: 'Mobile' as const }],
			[{ lowerCaseKeys: true }],
			[{ numericSmsId: true, numericCode: true }],
		])('%j', async (switches) => {
			env.sim().setSwitches(switches);
			const run = await sendToEach(customers(3));
			expect(run.error).toBeUndefined();
			const [call] = env.sim().counters().sends;
			expect(run.outputs[0].map((item) => [item.json.phoneNumber, item.json.smsId])).toEqual(call.numbers.map((n, i) => [n, call.smsIds[i]]));
		});

		it('a partly accepted call outputs what was accepted and says what was not', async () => {
			env.sim().injectFault({
				kind: 'respond',
				method: 'SmsSend',
				body: { Code: '2', Message: '部分成功', Details: [{ PhoneNumber: '13800000002', SmsId: '7002' }, { PhoneNumber: '13800000000', SmsId: '7000' }] },
			});
			const run = await sendToEach(customers(3));
			expect(run.error).toBeUndefined();
			expect(run.outputs[0].map((item) => [item.json.smsId, item.json.phoneNumber, item.pairedItem])).toEqual([
				['7000', '13800000000', { item: 0 }],
				['7002', '13800000002', { item: 2 }],
			]);
			expect(run.hints.map((hint) => hint.message).join()).toMatch(/did not accept 1 number: 13800000001/);
		});

		it('with the error output, a number not accepted is an error item paired to its customer', async () => {
			env.sim().injectFault({
				kind: 'respond',
				method: 'SmsSend',
				body: { Code: '1', Message: '部分成功', Details: [{ PhoneNumber: '13800000000', SmsId: '7000' }] },
			});
			const run = await sendToEach(customers(2), { onError: 'continueErrorOutput' });
			expect(run.outputs[0].map((item) => item.json.smsId)).toEqual(['7000']);
			expect(run.outputs[1]).toEqual([
				{
					json: {
						phone: '13800000001',
						name: 'Customer 1',
						error: expect.stringMatching(/^13800000001: Mobset's answer did not list this number as accepted/),
						details: { phoneNumber: '13800000001', outcome: 'notAccepted', segments: 1, scheduledAt: null },
					},
					pairedItem: { item: 1 },
				},
			]);
		});

		it('an answer that cannot be matched to its numbers is output as it was, with a warning, not guessed', async () => {
			const body = { Code: '3', Message: '提交成功', Details: [{ SmsId: '1' }, { SmsId: '2' }, { SmsId: '3' }] };
			env.sim().injectFault({ kind: 'respond', method: 'SmsSend', body });
			const run = await sendToEach(customers(3));
			expect(run.error).toBeUndefined();
			expect(run.outputs[0].map((item) => item.json)).toEqual(
				customers(3).map(({ json }) => ({
					smsId: '',
					phoneNumber: json.phone,
					accepted: null,
					code: 3,
					message: '提交成功',
					segments: 1,
					scheduledAt: null,
					warning: expect.stringMatching(/could not be matched to its numbers: an entry of the answer does not say which phone number/),
					raw: body,
				})),
			);
			expect(run.hints).toHaveLength(1);
		});
	});

	describe('a send is never repeated', () => {
		it('a lost answer fails naming the numbers whose outcome is unknown; later calls are not made', async () => {
			env.sim().injectFault({ kind: 'dropAfterDequeue', method: 'SmsSend', afterCalls: 1 });
			const items = customers(120);
			const run = await sendToEach(items);
			expect(run.error).toBeInstanceOf(NodeApiError);
			const { sends, requestsByMethod } = env.sim().counters();
			expect(requestsByMethod.SmsSend).toBe(2);
			expect(sends.map((s) => s.answerLost)).toEqual([false, true]);
			const unknown = sends[1].numbers;
			expect(run.error?.message).toMatch(/whether 50 numbers got the message is unknown/);
			for (const number of unknown) expect(run.error?.message).toContain(number);
			const description = (run.error as NodeApiError).description ?? '';
			expect(description).toMatch(/50 numbers in earlier calls were accepted/);
			expect(description).toMatch(/20 numbers in later calls were not sent/);
			expect(description).toMatch(/Retry On Fail/);
		});

		it('with the error output, sent numbers are items and each undone number an error item saying why', async () => {
			env.sim().injectFault({ kind: 'http500', method: 'SmsSend', afterCalls: 1 });
			const run = await sendToEach(customers(120), { onError: 'continueErrorOutput' });
			expect(run.outputs[0]).toHaveLength(50);
			const outcomes = run.outputs[1].map((item) => (item.json.details as IDataObject).outcome);
			expect(outcomes.filter((o) => o === 'unknown')).toHaveLength(50);
			expect(outcomes.filter((o) => o === 'notSent')).toHaveLength(20);
			expect(run.outputs[1][0].json.error).toMatch(/HTTP 500/);
			expect(run.outputs[1].map((item) => item.pairedItem)).toEqual(customers(120).slice(50).map((_, i) => ({ item: i + 50 })));
			expect(env.sim().counters().requestsByMethod.SmsSend).toBe(2);
		});

		it('a refusal names the code and stops', async () => {
			env.sim().addAccount({ ...env.sim().account, balance: 60 });
			const run = await sendToEach(customers(120));
			expect(run.error?.message).toMatch(/Mobset refused to send to 50 numbers.*Code -4/);
			expect(env.sim().counters().requestsByMethod.SmsSend).toBe(2);
			env.sim().addAccount({ ...env.sim().account, balance: 100_000 });
		});
	});
});
