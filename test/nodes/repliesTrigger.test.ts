import type { INodeExecutionData, INodeParameters, NodeApiError } from 'n8n-workflow';

import { MobsetSmsRepliesTrigger } from '../../nodes/MobsetSmsRepliesTrigger/MobsetSmsRepliesTrigger.node';
import { createPoller, logText, type PollerOptions } from '../../tools/harness';
import { expectedReplyItem, useSimulator } from './fixtures';

const env = useSimulator();

function trigger(parameters: INodeParameters = {}, extra: Partial<PollerOptions> = {}) {
	return createPoller({ nodeType: new MobsetSmsRepliesTrigger(), credentials: env.credentials(), parameters, ...extra });
}

const contents = (items: INodeExecutionData[]) => items.map((item) => item.json.content as string);

describe('Mobset SMS Replies Trigger: polling through a real PollContext', () => {
	it('returns null, starting no execution, when there are no replies', async () => {
		const poll = await trigger().poll();
		expect(poll.error).toBeUndefined();
		expect(poll.result).toBeNull();
	});

	it('emits one item per reply in the contract shape', async () => {
		const replies = env.sim().seedReplies([{ content: '退订' }, { content: 'TD', addNum: '01' }]);
		const { result } = await trigger().poll();
		expect(result).toEqual([
			replies.map((reply) => ({
				json: expectedReplyItem(reply),
			})),
		]);
	});

	it('hands every reply over exactly once across polls while replies keep arriving', async () => {
		const poller = trigger({ maxRepliesPerPoll: 100 });
		const seeded: string[] = [];
		const emitted: string[] = [];
		for (let round = 0; round < 6; round++) {
			seeded.push(...env.sim().seedReplies(Array.from({ length: 41 * round }, (_, i) => ({ content: `r${round}-${i}` }))).map((r) => r.content));
			const { result, error } = await poller.poll();
			expect(error).toBeUndefined();
			if (result) emitted.push(...contents(result[0]));
		}
		for (let drain = 0; drain < 20 && env.sim().counters().recvQueued > 0; drain++) {
			const { result } = await poller.poll();
			if (result) emitted.push(...contents(result[0]));
		}
		expect(emitted).toEqual(seeded);
		expect(env.sim().counters().recvDequeued).toBe(seeded.length);
	});

	it('stops at Max Replies per Poll and leaves the rest for the next poll', async () => {
		env.sim().seedReplies(300);
		const poller = trigger({ maxRepliesPerPoll: 120 });
		expect((await poller.poll()).result?.[0]).toHaveLength(100);
		expect(env.sim().counters().recvQueued).toBe(200);
	});

	it('drains up to 500 replies per poll by default', async () => {
		env.sim().seedReplies(600);
		expect((await trigger().poll()).result?.[0]).toHaveLength(500);
	});

	describe('test runs from the editor', () => {
		it('return one marked sample by default and leave the queue untouched', async () => {
			env.sim().seedReplies(5);
			const { result } = await trigger({}, { mode: 'manual' }).poll();
			expect(result![0]).toHaveLength(1);
			expect(result![0][0].json).toMatchObject({ sample: true, content: '退订' });
			expect(result![0][0].json.recvTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
			expect(env.sim().counters().requestsByMethod).toEqual({ SmsGetBalance: 1 });
			expect(env.sim().counters().recvQueued).toBe(5);
		});

		it('fail with a wrong password, with the error a published poll would give, taking nothing', async () => {
			env.sim().seedReplies(5);
			const credentials = { ...env.credentials(), password: 'not-the-password' };
			const test = await trigger({}, { mode: 'manual', credentials }).poll();
			const live = await trigger({}, { credentials }).poll();
			expect(test.result).toBeNull();
			expect(test.error?.message).toBe('Mobset refused the credential (Code -2)');
			expect(test.error?.message).toBe(live.error?.message);
			expect((test.error as NodeApiError | undefined)?.description).toBe((live.error as NodeApiError | undefined)?.description);
			expect(env.sim().counters().recvQueued).toBe(5);
		});

		it('fetch live replies only when asked to', async () => {
			env.sim().seedReplies(5);
			const { result } = await trigger({ testRunBehavior: 'live' }, { mode: 'manual' }).poll();
			expect(result![0]).toHaveLength(5);
		});
	});

	describe('Skip Replies Already Seen', () => {
		const repeated = () => env.sim().seedReplies([{ phoneNumber: '13800138000', recvTime: '2026-12-02 09:00:00', content: 'TD' }]);

		it('drops a reply Mobset repeats, across polls and restarts, and only when asked', async () => {
			const poller = trigger({ options: { skipSeen: true } });
			repeated();
			repeated();
			const first = await poller.poll();
			expect(first.result![0]).toHaveLength(1);
			repeated();
			expect((await poller.poll()).result).toBeNull();
			repeated();
			expect((await trigger({ options: { skipSeen: true } }, { staticData: first.savedStaticData }).poll()).result).toBeNull();
			env.sim().seedReplies([{ phoneNumber: '13800138000', recvTime: '2026-12-02 09:00:01', content: 'TD' }]);
			expect((await poller.poll()).result![0]).toHaveLength(1);

			repeated();
			repeated();
			const off = await trigger().poll();
			expect(off.result![0]).toHaveLength(2);
			expect(off.nodeStaticData.seenReplies).toBeUndefined();
		});
	});

	describe('failures', () => {
		it('hands over replies fetched before a failure, logs it, and starts over next poll', async () => {
			env.sim().seedReplies(150);
			env.sim().injectFault({ kind: 'html502', method: 'SmsGetRecv', afterCalls: 2 });
			const poller = trigger();
			const first = await poller.poll();
			expect(first.error).toBeUndefined();
			expect(first.result![0]).toHaveLength(100);
			expect(logText(first.logs)).toMatch(/a request failed after 100 replies were fetched.*HTTP 502/);
			expect((await poller.poll()).result![0]).toHaveLength(50);
		});

		it('reports a failure with nothing fetched as the poll error, leaving the queue', async () => {
			env.sim().seedReplies(10);
			env.sim().injectFault({ kind: 'authFailure', method: 'SmsGetRecv' });
			const { error, result } = await trigger().poll();
			expect(result).toBeNull();
			expect(error?.message).toMatch(/Code -2/);
			expect(env.sim().counters().recvQueued).toBe(10);
		});

		it('keeps the whole replies of a cut-off answer', async () => {
			env.sim().seedReplies(50);
			env.sim().injectFault({ kind: 'truncatedJson', method: 'SmsGetRecv', fraction: 0.5 });
			const poller = trigger();
			const { result, logs } = await poller.poll();
			const kept = result?.[0].length ?? 0;
			expect(kept).toBeGreaterThan(10);
			expect(kept).toBeLessThan(50);
			expect(logText(logs)).toMatch(new RegExp(`handed out 50 replies, but only ${kept} could be read.*cut off`));
		});
	});
});
