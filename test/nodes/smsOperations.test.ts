import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MobsetSms } from '../../nodes/MobsetSms/MobsetSms.node';
import { runNode, type RunNodeOptions } from '../../tools/harness';
import { expectedReplyItem, useSimulator } from './fixtures';

const env = useSimulator();

async function run(resource: string, operation: string, parameters: INodeParameters = {}, extra: Partial<RunNodeOptions> = {}) {
	return await runNode({
		nodeType: new MobsetSms(),
		credentials: env.credentials(),
		parameters: { resource, operation, ...parameters },
		...extra,
	});
}

describe('Mobset SMS: Message → Send with Template', () => {
	it('fills the template\'s parameters and outputs one item per number', async () => {
		const [template] = env.sim().seedTemplates([{ templateContent: '您的验证码为{1},{2}分钟内有效。' }]);
		const result = await run('message', 'sendTemplate', {
			templateId: template.templateId,
			phoneNumbers: '13800138000\n+86 139-0013-9000',
			templateParameters: { param1: '123456', param2: '5' },
		});
		expect(result.error).toBeUndefined();
		const [call] = env.sim().counters().sends;
		expect(call).toMatchObject({ method: 'TemplateSendSms', numbers: ['13800138000', '13900139000'], content: '您的验证码为123456,5分钟内有效。' });
		expect(result.outputs[0].map((item) => item.json)).toEqual(
			call.numbers.map((phoneNumber, i) => expect.objectContaining({ smsId: call.smsIds[i], phoneNumber, accepted: true, templateId: template.templateId })),
		);
	});

	it('groups customers with the same parameters into shared calls, and different parameters apart', async () => {
		const [template] = env.sim().seedTemplates([{ templateContent: '{1}您好' }]);
		const inputItems = Array.from({ length: 60 }, (_, i) => ({ json: { phone: String(13800000000 + i), name: i < 55 ? '客户' : `客户${i}` } }));
		const result = await run(
			'message',
			'sendTemplate',
			{ templateId: template.templateId, phoneNumbers: '={{ $json.phone }}', templateParameters: { param1: '={{ $json.name }}' } },
			{ inputItems },
		);
		expect(result.error).toBeUndefined();
		expect(env.sim().counters().sends.map((s) => s.numbers.length)).toEqual([50, 5, 1, 1, 1, 1, 1]);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual(inputItems.map((_, item) => ({ item })));
	});

	it('refuses a parameter over 30 characters, naming it, before sending anything', async () => {
		const result = await run('message', 'sendTemplate', {
			templateId: '10110',
			phoneNumbers: '13800138000',
			templateParameters: { param3: 'x'.repeat(31) },
		});
		expect(result.error?.message).toMatch(/Parameter \{3\} of item 0 is 31 characters long; Mobset takes at most 30/);
		expect(env.sim().counters().requests).toBe(0);
	});

	it('a template Mobset does not know is refused with its Code and message', async () => {
		const result = await run('message', 'sendTemplate', { templateId: '99999', phoneNumbers: '13800138000' });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(/refused to send to 1 number.*Code -15/);
		expect((result.error as NodeApiError).messages.join(' ')).toContain('模板不存在');
	});
});

describe('Mobset SMS: Reply → Get Many', () => {
	it('drains the replies, one item each, in the contract shape', async () => {
		const replies = env.sim().seedReplies([{ content: '退订' }, { content: 'TD' }, { content: 'hello' }]);
		const result = await run('reply', 'getMany', { returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual(
			replies.map((reply) => ({
				json: expectedReplyItem(reply),
				pairedItem: { item: 0 },
			})),
		);
		expect(env.sim().counters().recvQueued).toBe(0);
	});

	it('stops before a batch that could pass the limit, and hands each reply out once', async () => {
		env.sim().seedReplies(130);
		const first = await run('reply', 'getMany', { limit: 100 });
		expect(first.outputs[0]).toHaveLength(100);
		const second = await run('reply', 'getMany', { returnAll: true });
		expect(second.outputs[0]).toHaveLength(30);
		expect(env.sim().counters().recvDequeued).toBe(130);
	});

	it('refuses a Limit of 0, saying how many replies to set, before fetching anything', async () => {
		env.sim().seedReplies(3);
		const result = await run('reply', 'getMany', { returnAll: false, limit: 0 });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Limit must be a whole number from 1 to 1,000,000, not 0.');
		expect((result.error as NodeOperationError).description).toBe('Set Limit to how many replies to fetch at most, or turn on Return All.');
		expect(env.sim().counters().requests).toBe(0);
	});

	it('runs once whatever the number of input items', async () => {
		env.sim().seedReplies(3);
		const result = await run('reply', 'getMany', { returnAll: true }, { inputItems: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(result.outputs[0]).toHaveLength(3);
		// One drain: a call that brought the 3, and one that found the queue empty.
		expect(env.sim().counters().requestsByMethod.SmsGetRecv).toBe(2);
	});

	it('keeps what it fetched when a later call fails', async () => {
		env.sim().seedReplies(120);
		env.sim().injectFault({ kind: 'http500', method: 'SmsGetRecv', afterCalls: 1 });
		const result = await run('reply', 'getMany', { returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(50);
		expect(result.hints[0].message).toMatch(/failed after 50 replies were fetched/);
	});
});

describe('Mobset SMS: Account', () => {
	it('Get Balance answers the account\'s SMS count, which a send lowers by its segments', async () => {
		const before = await run('account', 'getBalance');
		expect(before.error).toBeUndefined();
		const balance = env.sim().accounts()[0].balance!;
		expect(before.outputs[0][0].json).toMatchObject({ balance, code: 0 });
		await run('message', 'send', { phoneNumbers: '13800138000,13900139000', message: '字'.repeat(100) });
		const after = await run('account', 'getBalance');
		expect(after.outputs[0][0].json.balance).toBe(balance - 4);
	});

	it.each([['envelope' as const], ['details' as const]])('Get Balance and Get Signature with the record in %s', async (recordPlacement) => {
		env.sim().setSwitches({ recordPlacement });
		const balance = await run('account', 'getBalance');
		expect(balance.outputs[0][0].json.balance).toBe(env.sim().accounts()[0].balance);
		const sign = await run('account', 'getSignature');
		expect(sign.outputs[0][0].json).toMatchObject({ signature: '短信易', signatures: ['短信易'] });
	});

	it('an answer without a balance: null, a warning, and the answer under raw', async () => {
		env.sim().injectFault({ kind: 'respond', method: 'SmsGetBalance', body: { Code: '0', Message: 'ok', Remaining: '12' } });
		const result = await run('account', 'getBalance');
		expect(result.outputs[0][0].json).toEqual({ balance: null, code: 0, message: 'ok', raw: { Code: '0', Message: 'ok', Remaining: '12' } });
		expect(result.hints[0].message).toMatch(/no balance the node recognises/);
	});

	it('an answer without a signature: null, one warning for all items, and the answer under raw', async () => {
		const body = { Code: '0', Message: 'ok' };
		env.sim().injectFault([
			{ kind: 'respond', method: 'SmsGetSign', body },
			{ kind: 'respond', method: 'SmsGetSign', body },
		]);
		const result = await run('account', 'getSignature', {}, { inputItems: [{ json: {} }, { json: {} }] });
		expect(result.outputs[0].map((item) => item.json)).toEqual([
			{ signature: null, signatures: [], code: 0, message: 'ok', raw: body },
			{ signature: null, signatures: [], code: 0, message: 'ok', raw: body },
		]);
		expect(result.hints.map((hint) => hint.message)).toEqual([expect.stringMatching(/no signature the node recognises/)]);
	});

	it('a refused call fails, or becomes the item\'s error item when continuing', async () => {
		env.sim().injectFault({ kind: 'authFailure', method: 'SmsGetBalance' });
		const failed = await run('account', 'getBalance');
		expect(failed.error?.message).toMatch(/Code -2/);
		env.sim().injectFault({ kind: 'authFailure', method: 'SmsGetBalance' });
		const continued = await run('account', 'getBalance', {}, { continueOnFail: true, inputItems: [{ json: {} }, { json: {} }] });
		expect(continued.outputs[0].map((item) => [Object.keys(item.json), item.pairedItem])).toEqual([
			[['error'], { item: 0 }],
			[['balance', 'code', 'message', 'raw'], { item: 1 }],
		]);
	});
});

describe('Mobset SMS: Template', () => {
	it('Create submits a template and outputs its new ID; Get and Get Many read it back', async () => {
		const created = await run('template', 'create', {
			templateType: 'marketing',
			templateName: 'Sale',
			templateContent: '{1}全场五折',
			remark: 'December sale',
		});
		expect(created.error).toBeUndefined();
		const [stored] = env.sim().templates();
		expect(stored).toMatchObject({ templateType: '2', templateName: 'Sale', templateContent: '{1}全场五折', remark: 'December sale' });
		expect(created.outputs[0][0].json).toMatchObject({ templateId: stored.templateId, name: 'Sale' });

		const got = await run('template', 'get', { templateId: stored.templateId });
		expect(got.outputs[0][0].json).toMatchObject({
			templateId: stored.templateId,
			name: 'Sale',
			type: 'marketing',
			content: '{1}全场五折',
			status: stored.status,
			remark: 'December sale',
			createTime: `${stored.createTime.replace(' ', 'T')}+08:00`,
		});

		env.sim().seedTemplates([{ templateContent: 'a' }, { templateContent: 'b' }]);
		const all = await run('template', 'getMany', { returnAll: true });
		expect(all.outputs[0].map((item) => item.json.content)).toEqual(['{1}全场五折', 'a', 'b']);
		const some = await run('template', 'getMany', { limit: 2 });
		expect(some.outputs[0]).toHaveLength(2);
	});

	it('refuses a template over 500 characters before calling Mobset', async () => {
		const result = await run('template', 'create', { templateName: 'x', templateContent: '字'.repeat(501), remark: 'r' });
		expect(result.error?.message).toMatch(/501 characters long; Mobset takes at most 500/);
		expect(env.sim().counters().requests).toBe(0);
	});

	it('Get of an unknown template fails with Mobset\'s code', async () => {
		const result = await run('template', 'get', { templateId: '424242' });
		expect(result.error?.message).toMatch(/Code -15/);
	});
});
