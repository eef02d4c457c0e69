// The triggers' at-least-once hand-off, through a real PollContext and n8n-core's PollTriggerExecutor.
// The done promise is settled the way n8n 2.41.1 settles it (trigger-execution-context.factory.js):
// resolved with the execution's run when the main's record of it is final, resolved with undefined
// when no execution was created, rejected when the execution could not start or was cancelled.
import type { INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { MobsetSmsRepliesTrigger } from '../../nodes/MobsetSmsRepliesTrigger/MobsetSmsRepliesTrigger.node';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { UNCONFIRMED_LIMIT } from '../../nodes/shared/handOff';
import { CONFIRMATION_TIMEOUT_MINUTES } from '../../nodes/shared/options';
import { createPoller, logText, outcomeRun, type DonePromise, type PollerOptions } from '../../tools/harness';
import { smsIds, useSimulator } from './fixtures';

const env = useSimulator();

function reportsTrigger(parameters: INodeParameters = {}, extra: Partial<PollerOptions> = {}) {
	return createPoller({ nodeType: new MobsetSmsReportsTrigger(), credentials: env.credentials(), parameters, ...extra });
}

/** A fresh copy of the node's modules, as a restarted n8n process loads them. */
function restartedReportsTrigger(): INodeType {
	let nodeType: INodeType | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { MobsetSmsReportsTrigger: Fresh } = require('../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node');
		nodeType = new Fresh();
	});
	return nodeType!;
}

const marks = (items: INodeExecutionData[]) => items.map((item) => [item.json.smsId, item.json.redelivered, item.json.deliveryAttempt]);

describe('hand-off: the trigger keeps what it fetched until the execution carrying it has finished', () => {
	it('emits through n8n with a done promise and keeps the batch in the static data n8n saves with it', async () => {
		const seeded = env.sim().seedReports(3).map((r) => r.smsId);
		const first = await reportsTrigger().poll();
		expect(first.error).toBeUndefined();
		expect(smsIds(first.result![0])).toEqual(seeded);
		expect(first.done).toBeDefined();
		// First deliveries carry no marks: the item contract is unchanged for them.
		expect(first.result![0][0].json).not.toHaveProperty('redelivered');
		const saved = first.savedStaticData!['node:Mobset SMS Reports Trigger'] as { unconfirmed: Array<{ items: unknown[] }> };
		expect(saved.unconfirmed).toHaveLength(1);
		expect(saved.unconfirmed[0].items).toHaveLength(3);
	});

	it('forgets a batch once its execution succeeded: nothing is handed over twice', async () => {
		const poller = reportsTrigger();
		const seeded = env.sim().seedReports(5).map((r) => r.smsId);
		const first = await poller.poll();
		first.done!.resolve(outcomeRun('success'));
		const second = await poller.poll();
		expect(second.result).toBeNull();
		expect(second.nodeStaticData.unconfirmed).toBeUndefined();
		const later = env.sim().seedReports(2).map((r) => r.smsId);
		const third = await poller.poll();
		expect(smsIds(third.result![0])).toEqual(later);
		expect(smsIds(first.result![0])).toEqual(seeded);
	});

	it('also takes an execution parked on a Wait node as confirmed (n8n holds its items)', async () => {
		const poller = reportsTrigger();
		env.sim().seedReports(2);
		(await poller.poll()).done!.resolve(outcomeRun('waiting'));
		expect((await poller.poll()).result).toBeNull();
	});

	const NEVER_RAN_TO_AN_END = /3 because the execution never ran to an end \(a worker killed, a node type missing, a crash or a cancel\)\.$/;
	it.each([
		['the worker was killed (the main fails the stalled job)', (done: DonePromise) => done.resolve(outcomeRun('workerLost')), NEVER_RAN_TO_AN_END],
		['the execution crashed', (done: DonePromise) => done.resolve(outcomeRun('crashed')), NEVER_RAN_TO_AN_END],
		['n8n created no execution', (done: DonePromise) => done.resolve(undefined), NEVER_RAN_TO_AN_END],
		['the execution could not start or was cancelled', (done: DonePromise) => done.reject(new Error('cancelled')), NEVER_RAN_TO_AN_END],
		['a node of the workflow failed', (done: DonePromise) => done.resolve(outcomeRun('nodeError')), /3 because a node of the workflow failed\.$/],
	])('hands the reports over again, marked, when %s', async (_case, settle, why) => {
		const poller = reportsTrigger();
		const seeded = env.sim().seedReports(3).map((r) => r.smsId);
		const first = await poller.poll();
		settle(first.done!);
		const arrived = env.sim().seedReports(2).map((r) => r.smsId);
		const second = await poller.poll();
		// One execution: the redelivered reports first, then the new ones, unmarked.
		expect(marks(second.result![0])).toEqual([
			...seeded.map((id) => [id, true, 2]),
			...arrived.map((id) => [id, undefined, undefined]),
		]);
		expect(logText(second.logs)).toMatch(/handing over again 3 reports whose execution did not confirm them: /);
		expect(logText(second.logs)).toMatch(why);
		// The item is otherwise the one first delivered.
		expect(second.result![0][0].json).toEqual({ ...first.result![0][0].json, redelivered: true, deliveryAttempt: 2 });

		second.done!.resolve(outcomeRun('workerLost'));
		const third = await poller.poll();
		expect(marks(third.result![0])).toEqual([...seeded.map((id) => [id, true, 3]), ...arrived.map((id) => [id, true, 2])]);
		third.done!.resolve(outcomeRun('success'));
		expect((await poller.poll()).result).toBeNull();
	});

	describe('Redeliver After: Lost Executions Only', () => {
		const lostOnly = () => reportsTrigger({ options: { redeliverAfter: 'lostExecution' } });

		it('leaves reports in an execution that failed inside the workflow', async () => {
			const poller = lostOnly();
			env.sim().seedReports(3);
			(await poller.poll()).done!.resolve(outcomeRun('nodeError'));
			const second = await poller.poll();
			expect(second.result).toBeNull();
			expect(second.nodeStaticData.unconfirmed).toBeUndefined();
		});

		it('still hands over again what a killed worker lost', async () => {
			const poller = lostOnly();
			const seeded = env.sim().seedReports(3).map((r) => r.smsId);
			(await poller.poll()).done!.resolve(outcomeRun('workerLost'));
			expect(marks((await poller.poll()).result![0])).toEqual(seeded.map((id) => [id, true, 2]));
		});
	});

	it('waits for an execution still running, and fetches new reports meanwhile', async () => {
		const poller = reportsTrigger();
		env.sim().seedReports(3);
		const first = await poller.poll();
		const arrived = env.sim().seedReports(2).map((r) => r.smsId);
		const second = await poller.poll();
		expect(marks(second.result![0])).toEqual(arrived.map((id) => [id, undefined, undefined]));
		expect(second.nodeStaticData.unconfirmed).toHaveLength(2);
		// A late answer is still taken.
		first.done!.resolve(outcomeRun('success'));
		second.done!.resolve(outcomeRun('success'));
		const third = await poller.poll();
		expect(third.result).toBeNull();
		expect(third.nodeStaticData.unconfirmed).toBeUndefined();
	});

	/** Makes the poller's oldest unconfirmed batch look handed out `minutes` ago. */
	function age(poller: ReturnType<typeof reportsTrigger>, minutes: number) {
		const stored = poller.workflow.staticData['node:Mobset SMS Reports Trigger'] as { unconfirmed: Array<{ handedOutAt: number }> };
		stored.unconfirmed[0].handedOutAt -= minutes * 60_000;
	}

	it(`hands a batch over again when its execution has not reported back after ${CONFIRMATION_TIMEOUT_MINUTES.default} minutes`, async () => {
		const poller = reportsTrigger();
		const seeded = env.sim().seedReports(2).map((r) => r.smsId);
		const first = await poller.poll();
		age(poller, CONFIRMATION_TIMEOUT_MINUTES.default - 1);
		expect((await poller.poll()).result).toBeNull();
		age(poller, 1);
		const second = await poller.poll();
		expect(marks(second.result![0])).toEqual(seeded.map((id) => [id, true, 2]));
		expect(logText(second.logs)).toMatch(/2 because n8n did not report back within the Confirmation Timeout \(60 minutes\)\.$/);
		// The first execution's late answer no longer counts: the reports wait on the new one.
		first.done!.resolve(outcomeRun('success'));
		const third = await poller.poll();
		expect(third.result).toBeNull();
		expect(third.nodeStaticData.unconfirmed).toHaveLength(1);
	});

	it('Confirmation Timeout sets that wait: a done promise n8n never settles costs only that long', async () => {
		const poller = reportsTrigger({ options: { confirmationTimeout: 2 } });
		const seeded = env.sim().seedReports(3).map((r) => r.smsId);
		await poller.poll();
		age(poller, 1);
		expect((await poller.poll()).result).toBeNull();
		age(poller, 1);
		expect(marks((await poller.poll()).result![0])).toEqual(seeded.map((id) => [id, true, 2]));
	});

	it.each([0, -5, 1.5, 'soon', CONFIRMATION_TIMEOUT_MINUTES.max + 1])(
		'refuses Confirmation Timeout %p by name, and keeps what waits for confirmation',
		async (value) => {
			const seeded = env.sim().seedReports(2).map((r) => r.smsId);
			const first = await reportsTrigger().poll();
			const broken = createPoller({
				nodeType: new MobsetSmsReportsTrigger(),
				credentials: env.credentials(),
				parameters: { options: { confirmationTimeout: value } },
				staticData: first.savedStaticData,
			});
			env.sim().seedReports(1);
			const polled = await broken.poll();
			expect(polled.error?.message).toMatch(/^Confirmation Timeout \(Minutes\) must be a whole number from 1 to 10,080, not /);
			expect((polled.error as { description?: string } | undefined)?.description).toMatch(/Set Confirmation Timeout \(in Options\)/);
			expect(polled.result).toBeNull();
			// Nothing was fetched and nothing was forgotten.
			expect(env.sim().counters().queued).toBe(1);
			expect((broken.workflow.staticData['node:Mobset SMS Reports Trigger'] as { unconfirmed: Array<{ items: Array<{ smsId: string }> }> }).unconfirmed[0].items.map((item) => item.smsId)).toEqual(seeded);
		},
	);

	it('hands over again at once, after a restart, what the earlier process never heard back about', async () => {
		const seeded = env.sim().seedReports(4).map((r) => r.smsId);
		const beforeRestart = await reportsTrigger().poll();
		expect(beforeRestart.done).toBeDefined();
		const arrived = env.sim().seedReports(1).map((r) => r.smsId);
		const restarted = createPoller({
			nodeType: restartedReportsTrigger(),
			credentials: env.credentials(),
			staticData: beforeRestart.savedStaticData,
		});
		const afterRestart = await restarted.poll();
		expect(logText(afterRestart.logs)).toMatch(/4 because they were handed over before this n8n process started, which cannot learn how that ended\.$/);
		expect(marks(afterRestart.result![0])).toEqual([
			...seeded.map((id) => [id, true, 2]),
			...arrived.map((id) => [id, undefined, undefined]),
		]);
	});

	it('a confirmation reaches the database only with the next emit, so a restart before it repeats those reports, marked', async () => {
		// n8n 2.41.1 saves static data when a poll emits, not when it returns null.
		const poller = reportsTrigger();
		const seeded = env.sim().seedReports(2).map((r) => r.smsId);
		const first = await poller.poll();
		first.done!.resolve(outcomeRun('success'));
		expect((await poller.poll()).result).toBeNull();
		const restarted = createPoller({ nodeType: restartedReportsTrigger(), credentials: env.credentials(), staticData: first.savedStaticData });
		expect(marks((await restarted.poll()).result![0])).toEqual(seeded.map((id) => [id, true, 2]));
	});

	it(`keeps at most ${UNCONFIRMED_LIMIT.toLocaleString('en-US')} reports unconfirmed: beyond that the rest wait on Mobset`, async () => {
		const poller = reportsTrigger({ maxReportsPerPoll: 20_000 });
		env.sim().seedReports(UNCONFIRMED_LIMIT + 120);
		const first = await poller.poll();
		expect(first.result![0]).toHaveLength(UNCONFIRMED_LIMIT);
		const blocked = await poller.poll();
		expect(blocked.result).toBeNull();
		expect(logText(blocked.logs)).toMatch(/10,000 reports are waiting for their executions to finish \(at most 10,000 are kept\), so this poll fetches nothing new/);
		expect(env.sim().counters().queued).toBe(120);
		first.done!.resolve(outcomeRun('success'));
		expect((await poller.poll()).result![0]).toHaveLength(120);
	});

	it('keeps an execution within Max Reports per Poll, redelivered reports included', async () => {
		const poller = reportsTrigger({ maxReportsPerPoll: 100 });
		env.sim().seedReports(250);
		const first = await poller.poll();
		expect(first.result![0]).toHaveLength(100);
		first.done!.resolve(outcomeRun('workerLost'));
		const second = await poller.poll();
		// 100 redelivered leave no room for a page of new ones.
		expect(second.result![0]).toHaveLength(100);
		expect(second.result![0].every((item) => item.json.redelivered === true)).toBe(true);
		second.done!.resolve(outcomeRun('success'));
		const third = await poller.poll();
		expect(third.result![0]).toHaveLength(100);
		expect(third.result![0].some((item) => item.json.redelivered)).toBe(false);
	});

	it('hands over what did not fit at the next poll, for the reason it first came due', async () => {
		const poller = reportsTrigger({ maxReportsPerPoll: 100 });
		env.sim().seedReports(100);
		const first = await poller.poll();
		env.sim().seedReports(100);
		const second = await poller.poll();
		first.done!.resolve(outcomeRun('workerLost'));
		second.done!.resolve(outcomeRun('nodeError'));
		const third = await poller.poll();
		expect(smsIds(third.result![0])).toEqual(smsIds(first.result![0]));
		expect(logText(third.logs)).toMatch(/handing over again 100 reports whose execution did not confirm them: 100 because the execution never ran to an end/);
		third.done!.resolve(outcomeRun('success'));
		const fourth = await poller.poll();
		expect(smsIds(fourth.result![0])).toEqual(smsIds(second.result![0]));
		expect(logText(fourth.logs)).toMatch(/: 100 because a node of the workflow failed\.$/);
	});

	it('Skip Reports Already Seen lets redelivered reports through and still drops Mobset\'s repeats', async () => {
		const poller = reportsTrigger({ options: { skipSeen: true } });
		env.sim().seedReports([{ smsId: '700000001', status: '13' }]);
		(await poller.poll()).done!.resolve(outcomeRun('workerLost'));
		// Mobset repeats the report while it is being handed over again.
		env.sim().seedReports([{ smsId: '700000001', status: '13' }, { smsId: '700000002', status: '12' }]);
		const second = await poller.poll();
		expect(marks(second.result![0])).toEqual([
			['700000001', true, 2],
			['700000002', undefined, undefined],
		]);
	});

	it('hands over the redelivered reports even when fetching new ones fails, and reports the failure', async () => {
		const poller = reportsTrigger();
		const seeded = env.sim().seedReports(2).map((r) => r.smsId);
		(await poller.poll()).done!.resolve(outcomeRun('workerLost'));
		env.sim().seedReports(5);
		env.sim().injectFault({ kind: 'authFailure' });
		const second = await poller.poll();
		expect(marks(second.result![0])).toEqual(seeded.map((id) => [id, true, 2]));
		expect(second.error?.message).toMatch(/Code -2/);
		expect(env.sim().counters().queued).toBe(5);
	});

	describe('test runs from the editor keep their behaviour', () => {
		it('a live test run returns the reports itself and keeps nothing for the editor', async () => {
			const seeded = env.sim().seedReports(3).map((r) => r.smsId);
			const { result, done, nodeStaticData } = await reportsTrigger({ testRunBehavior: 'live' }, { mode: 'manual' }).poll();
			expect(smsIds(result![0])).toEqual(seeded);
			expect(done).toBeUndefined();
			expect(nodeStaticData.unconfirmed).toBeUndefined();
		});

		it('a test run does not take unconfirmed reports away from the active workflow', async () => {
			env.sim().seedReports(2);
			const active = await reportsTrigger().poll();
			active.done!.resolve(outcomeRun('workerLost'));
			const test = await reportsTrigger({ testRunBehavior: 'live' }, { mode: 'manual', staticData: active.savedStaticData }).poll();
			expect(test.result).toBeNull();
			expect(test.nodeStaticData.unconfirmed).toHaveLength(1);
		});
	});
});

describe('hand-off: the replies trigger', () => {
	const repliesTrigger = (parameters: INodeParameters = {}) =>
		createPoller({ nodeType: new MobsetSmsRepliesTrigger(), credentials: env.credentials(), parameters });
	const contents = (items: INodeExecutionData[]) => items.map((item) => [item.json.content, item.json.redelivered, item.json.deliveryAttempt]);

	it('hands replies over again, marked, when their execution was lost, and forgets them once one succeeded', async () => {
		const poller = repliesTrigger();
		env.sim().seedReplies([{ content: 'TD' }, { content: '退订' }]);
		const first = await poller.poll();
		expect(contents(first.result![0])).toEqual([
			['TD', undefined, undefined],
			['退订', undefined, undefined],
		]);
		first.done!.resolve(outcomeRun('workerLost'));
		env.sim().seedReplies([{ content: 'Y' }]);
		const second = await poller.poll();
		expect(contents(second.result![0])).toEqual([
			['TD', true, 2],
			['退订', true, 2],
			['Y', undefined, undefined],
		]);
		second.done!.resolve(outcomeRun('success'));
		const third = await poller.poll();
		expect(third.result).toBeNull();
		expect(third.nodeStaticData.unconfirmed).toBeUndefined();
	});

	it('follows Redeliver After like the reports trigger', async () => {
		const poller = repliesTrigger({ options: { redeliverAfter: 'lostExecution' } });
		env.sim().seedReplies(2);
		(await poller.poll()).done!.resolve(outcomeRun('nodeError'));
		expect((await poller.poll()).result).toBeNull();
	});
});
