import type { INodeParameters, NodeApiError } from 'n8n-workflow';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { SEEN_HISTORY_LIMIT } from '../../nodes/MobsetSmsReportsTrigger/seenReports';
import { createPoller, logText, outcomeRun } from '../../tools/harness';
import { deliverableIds, expectedItem, smsIds, useSimulator } from './fixtures';

const env = useSimulator();

function trigger(parameters: INodeParameters = {}, extra: Partial<Parameters<typeof createPoller>[0]> = {}) {
	return createPoller({
		nodeType: new MobsetSmsReportsTrigger(),
		credentials: env.credentials(),
		parameters,
		...extra,
	});
}

describe('Mobset SMS Reports Trigger: polling through a real PollContext', () => {
	it('returns null, starting no execution, when there are no reports', async () => {
		const poll = await trigger().poll();
		expect(poll.error).toBeUndefined();
		expect(poll.result).toBeNull();
	});

	it('reads and decrypts the credential once per poll, however many calls the poll makes', async () => {
		env.sim().seedReports(230);
		const poller = trigger({ maxReportsPerPoll: 1000 });
		const { result, error } = await poller.poll();
		expect(error).toBeUndefined();
		expect(result![0]).toHaveLength(230);
		// Four full pages, the short one, and the empty answer that ends the drain.
		expect(env.sim().counters().requestsByMethod.SmsGetReport).toBe(6);
		expect(poller.credentialsHelper.decryptCalls.get('mobsetApi')).toBe(1);
		// Signing still happens per call: every request carried its own fresh signature.
		expect(poller.credentialsHelper.signedRequests).toHaveLength(6);
	});

	it('hands every report over exactly once across polls while reports keep arriving', async () => {
		const poller = trigger({ maxReportsPerPoll: 100 });
		const seeded: string[] = [];
		const emitted: string[] = [];
		for (let round = 0; round < 8; round++) {
			seeded.push(...env.sim().seedReports(37 * round).map((r) => r.smsId));
			const { result, error } = await poller.poll();
			expect(error).toBeUndefined();
			if (result) {
				expect(result).toHaveLength(1);
				emitted.push(...smsIds(result[0]));
			}
		}
		for (let drain = 0; drain < 20 && env.sim().counters().queued > 0; drain++) {
			const { result } = await poller.poll();
			if (result) emitted.push(...smsIds(result[0]));
		}
		expect(emitted).toEqual(seeded);
		expect(emitted).toEqual(deliverableIds(env.sim()));
	});

	it('emits items in the contract shape', async () => {
		const reports = env.sim().seedReports(3);
		const { result } = await trigger().poll();
		expect(result).toEqual([reports.map((report) => ({ json: expectedItem(report) }))]);
	});

	it('stops at Max Reports per Poll and leaves the rest for the next poll', async () => {
		env.sim().seedReports(500);
		const poller = trigger({ maxReportsPerPoll: 120 });
		expect((await poller.poll()).result?.[0]).toHaveLength(100);
		expect(env.sim().counters().queued).toBe(400);
		expect((await poller.poll()).result?.[0]).toHaveLength(100);
	});

	it('drains up to 500 reports per poll by default', async () => {
		env.sim().seedReports(800);
		const { result } = await trigger().poll();
		expect(result?.[0]).toHaveLength(500);
		expect(env.sim().counters().queued).toBe(300);
	});

	it('stops early when n8n\'s poll budget runs short, keeping what it fetched', async () => {
		env.sim().seedReports(500);
		env.sim().setLatency(100);
		const { result } = await trigger({}, { pollBudgetMs: 350 }).poll();
		const emitted = result?.[0].length ?? 0;
		expect(emitted).toBeGreaterThanOrEqual(50);
		expect(emitted).toBeLessThan(250);
		expect(smsIds(result![0])).toEqual(deliverableIds(env.sim()));
	});

	it('applies the outcome filter', async () => {
		const seeded = env.sim().seedReports([{ status: '12' }, { status: '13' }, { status: '12' }, { status: '13' }]);
		const { result } = await trigger({ options: { outcome: 'failed' } }).poll();
		expect(smsIds(result![0])).toEqual([seeded[1].smsId, seeded[3].smsId]);
		expect(env.sim().counters().queued).toBe(0);
	});

	it('returns null when the filter drops every report fetched', async () => {
		env.sim().seedReports([{ status: '12' }, { status: '12' }]);
		expect((await trigger({ options: { outcome: 'failed' } }).poll()).result).toBeNull();
	});

	describe('Skip Reports Already Seen', () => {
		const repeated = () => env.sim().seedReports([{ smsId: '500000001', status: '13' }, { smsId: '500000002', status: '12' }]);

		it('drops a report Mobset repeats, within a poll and across polls', async () => {
			const poller = trigger({ options: { skipSeen: true } });
			repeated();
			repeated();
			const first = await poller.poll();
			expect(smsIds(first.result![0])).toEqual(['500000001', '500000002']);
			expect(first.savedStaticData).toBeDefined();
			repeated();
			const second = await poller.poll();
			expect(second.result).toBeNull();
			env.sim().seedReports([{ smsId: '500000001', status: '12' }]);
			expect(smsIds((await poller.poll()).result![0])).toEqual(['500000001']);
		});

		it('remembers across restarts through the saved static data', async () => {
			repeated();
			const first = await trigger({ options: { skipSeen: true } }).poll();
			expect(first.result).not.toBeNull();
			repeated();
			const restarted = await trigger({ options: { skipSeen: true } }, { staticData: first.savedStaticData }).poll();
			expect(restarted.result).toBeNull();
		});

		it('keeps a bounded history', async () => {
			const poller = trigger({ options: { skipSeen: true }, maxReportsPerPoll: 20_000 });
			env.sim().seedReports(SEEN_HISTORY_LIMIT + 100);
			const first = await poller.poll();
			first.done!.resolve(outcomeRun('success'));
			const second = await poller.poll();
			expect(first.result![0].length + second.result![0].length).toBe(SEEN_HISTORY_LIMIT + 100);
			expect(second.nodeStaticData.seenReports).toHaveLength(SEEN_HISTORY_LIMIT);
		});

		it('repeats are delivered when the option is off, and no history is kept', async () => {
			repeated();
			repeated();
			const { result, nodeStaticData } = await trigger().poll();
			expect(result![0]).toHaveLength(4);
			expect(nodeStaticData.seenReports).toBeUndefined();
		});
	});

	describe('test runs from the editor', () => {
		it('return one marked sample by default and leave the queue untouched', async () => {
			env.sim().seedReports(5);
			const { result } = await trigger({}, { mode: 'manual' }).poll();
			expect(result).toHaveLength(1);
			expect(result![0]).toHaveLength(1);
			expect(result![0][0].json).toMatchObject({ sample: true, status: 'delivered', statusCode: 12, delivered: true });
			expect(result![0][0].json.reportTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
			// The credential was checked with the Test button's read-only call; no report was taken.
			expect(env.sim().counters().requestsByMethod).toEqual({ SmsGetBalance: 1 });
			expect(env.sim().counters().dequeued).toBe(0);
			expect(env.sim().counters().queued).toBe(5);
		});

		it.each([
			['a wrong password', { password: 'not-the-password' }],
			['an unreachable host', { baseUrl: 'http://127.0.0.1:9/SDK3/Sms' }],
		])('fail with %s, with the error a published poll would give, taking nothing', async (_case, change) => {
			env.sim().seedReports(5);
			const credentials = { ...env.credentials(), ...change };
			const test = await trigger({}, { mode: 'manual', credentials }).poll();
			const live = await trigger({}, { credentials }).poll();
			expect(test.result).toBeNull();
			expect(test.error).toBeDefined();
			expect(test.error?.message).toBe(live.error?.message);
			expect((test.error as NodeApiError | undefined)?.description).toBe((live.error as NodeApiError | undefined)?.description);
			expect(env.sim().counters().dequeued).toBe(0);
			expect(env.sim().counters().queued).toBe(5);
		});

		it('sample matches a failures-only filter', async () => {
			const { result } = await trigger({ options: { outcome: 'failed' } }, { mode: 'manual' }).poll();
			expect(result![0][0].json).toMatchObject({ sample: true, status: 'failed', statusCode: 13 });
		});

		it('fetch live reports only when asked to', async () => {
			const seeded = env.sim().seedReports(5).map((r) => r.smsId);
			const { result } = await trigger({ testRunBehavior: 'live' }, { mode: 'manual' }).poll();
			expect(smsIds(result![0])).toEqual(seeded);
		});
	});

	describe('failures', () => {
		it('hands over reports fetched before a failure, logs it, and starts over next poll', async () => {
			const seeded = env.sim().seedReports(150).map((r) => r.smsId);
			env.sim().injectFault({ kind: 'html502', afterCalls: 2 });
			const poller = trigger();
			const first = await poller.poll();
			expect(first.error).toBeUndefined();
			expect(smsIds(first.result![0])).toEqual(seeded.slice(0, 100));
			expect(logText(first.logs)).toMatch(/a request failed after 100 reports were fetched.*HTTP 502/);
			const second = await poller.poll();
			expect(smsIds(second.result![0])).toEqual(seeded.slice(100));
		});

		it('reports a failure with nothing fetched as the poll error', async () => {
			env.sim().seedReports(10);
			env.sim().injectFault({ kind: 'authFailure' });
			const { error, result } = await trigger().poll();
			expect(result).toBeNull();
			expect(error?.message).toBe('Mobset refused the credential (Code -2)');
			expect((error as NodeApiError | undefined)?.description).toMatch(/^The CorpID, Login Name or password is wrong/);
			expect(env.sim().counters().queued).toBe(10);
		});

		it('loses nothing but what Mobset dropped on the wire', async () => {
			env.sim().seedReports(300);
			env.sim().injectFault({ kind: 'dropAfterDequeue', afterCalls: 1 });
			const poller = trigger();
			const emitted: string[] = [];
			for (let i = 0; i < 10 && env.sim().counters().queued > 0; i++) {
				const { result } = await poller.poll();
				if (result) emitted.push(...smsIds(result[0]));
			}
			expect(env.sim().counters().droppedInFlightIds).toHaveLength(50);
			expect(emitted).toEqual(deliverableIds(env.sim()));
		});
	});
});
