import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MobsetSmsReports } from '../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { runNode } from '../../tools/harness';
import { deliverableIds, expectedItem, smsIds, useSimulator } from './fixtures';

const env = useSimulator();

async function getMany(parameters: INodeParameters = {}, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return await runNode({
		nodeType: new MobsetSmsReports(),
		credentials: env.credentials(),
		parameters: { operation: 'getMany', ...parameters },
		...extra,
	});
}

describe('Mobset SMS Reports: Get Many through the n8n engine', () => {
	it('outputs nothing, and no error, when Mobset has no reports', async () => {
		const run = await getMany({ returnAll: true });
		expect(run.error).toBeUndefined();
		expect(run.outputs).toEqual([[]]);
		expect(env.sim().counters().requestsByMethod.SmsGetReport).toBe(1);
	});

	it('turns one report into one item in the contract shape, with pairedItem', async () => {
		const [report] = env.sim().seedReports(1);
		const run = await getMany();
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toEqual([{ json: expectedItem(report), pairedItem: { item: 0 } }]);
	});

	it.each([
		[0, { returnAll: true }, 0, 1],
		[50, { limit: 50 }, 50, 1],
		[50, { returnAll: true }, 50, 2],
		// A short page does not prove the queue empty (Mobset promises only "at most 50"): an empty one does.
		[51, { returnAll: true }, 51, 3],
		[500, { returnAll: true }, 500, 11],
		[500, { limit: 120 }, 100, 2],
		[100, { limit: 10 }, 50, 1],
		[500, { limit: 500 }, 500, 10],
	])('with %d queued and %p emits %d reports in %d calls, leaving the rest on Mobset', async (queued, parameters, emitted, calls) => {
		const seeded = env.sim().seedReports(queued).map((r) => r.smsId);
		const run = await getMany(parameters);
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(seeded.slice(0, emitted));
		expect(env.sim().counters().requestsByMethod.SmsGetReport).toBe(calls);
		expect(env.sim().counters().queued).toBe(queued - emitted);
		expect(smsIds(run.outputs[0])).toEqual(deliverableIds(env.sim()));
	});

	it('runs once per execution, however many items come in', async () => {
		env.sim().seedReports(120);
		const run = await getMany({ limit: 50 }, { inputItems: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(run.outputs[0]).toHaveLength(50);
		expect(env.sim().counters().requestsByMethod.SmsGetReport).toBe(1);
	});

	describe('outcome filter', () => {
		const mix = () =>
			env.sim().seedReports([
				{ status: '12', exStatus: 'DELIVRD' },
				{ status: '13', exStatus: 'UNDELIV' },
				{ status: '10', exStatus: '' },
				{ status: '15', exStatus: 'UNKNOWN' },
				{ status: '13', exStatus: 'EXPIRED' },
			]);

		it.each([
			['all', [0, 1, 2, 3, 4]],
			['delivered', [0]],
			['failed', [1, 4]],
			['notDelivered', [1, 2, 3, 4]],
		])('%s keeps only the matching reports; the others are still taken off the queue', async (outcome, kept) => {
			const seeded = mix().map((r) => r.smsId);
			const run = await getMany({ returnAll: true, options: { outcome } });
			expect(smsIds(run.outputs[0])).toEqual(kept.map((i) => seeded[i]));
			expect(env.sim().counters().queued).toBe(0);
		});

		it('splits the output into Delivered, Failed and Other', async () => {
			const seeded = mix().map((r) => r.smsId);
			const run = await getMany({ returnAll: true, splitByOutcome: true });
			expect(run.outputs.map(smsIds)).toEqual([[seeded[0]], [seeded[1], seeded[4]], [seeded[2], seeded[3]]]);
			for (const output of run.outputs) for (const item of output) expect(item.pairedItem).toEqual({ item: 0 });
		});
	});

	it('leaves out raw when Include Raw Report is off', async () => {
		env.sim().seedReports(2);
		const run = await getMany({ options: { includeRaw: false } });
		expect(run.outputs[0]).toHaveLength(2);
		for (const item of run.outputs[0]) expect(item.json).not.toHaveProperty('raw');
	});

	describe('response shapes Mobset is seen to use', () => {
		it.each([
			['lower-case "code"', { lowerCaseCode: true }],
			['Code as a JSON number', { numericCode: true }],
			['SmsID spelled the older way', { smsIdKey: 'SmsID' as const }],
			['Status as a JSON number', { numericStatus: true }],
			['an extra PhoneNumber field', { includePhoneNumber: true }],
			['a text/html Content-Type', { contentType: 'text/html; charset=gbk' }],
		])('reads %s', async (_name, switches) => {
			env.sim().setSwitches(switches);
			const seeded = env.sim().seedReports(60).map((r) => r.smsId);
			const run = await getMany({ returnAll: true });
			expect(run.error).toBeUndefined();
			expect(smsIds(run.outputs[0])).toEqual(seeded);
			expect(run.outputs[0].every((item) => typeof item.json.statusCode === 'number')).toBe(true);
		});

		it.each(['array', 'missing', 'null', 'emptyString'] as const)('reads an empty queue with Details as %s', async (emptyDetails) => {
			env.sim().setSwitches({ emptyDetails });
			const seeded = env.sim().seedReports(50).map((r) => r.smsId);
			const run = await getMany({ returnAll: true });
			expect(run.error).toBeUndefined();
			expect(smsIds(run.outputs[0])).toEqual(seeded);
		});

		it('keeps 64-bit ids exact when Mobset sends them as bare JSON numbers', async () => {
			env.sim().setSwitches({ numericSmsId: true });
			const seeded = env.sim().seedReports([{ smsId: '18446744073709551557' }, { smsId: '9007199254740993' }]);
			const run = await getMany();
			expect(smsIds(run.outputs[0])).toEqual(['18446744073709551557', '9007199254740993']);
			expect(seeded).toHaveLength(2);
		});
	});

	describe('faults', () => {
		it.each([
			['HTTP 500', { kind: 'http500' as const }, /HTTP 500/],
			['an HTML 502 page', { kind: 'html502' as const }, /HTTP 502/],
			['a connection reset', { kind: 'reset' as const }, /closed before its answer arrived/],
			['a rejected signature', { kind: 'authFailure' as const }, /Code -2\) The CorpID, Login Name or password/],
			['a rejected time stamp', { kind: 'clockSkew' as const }, /Code -12\) .*clock/],
		])('fails with a clear error on %s, and loses nothing', async (_name, fault, message) => {
			env.sim().seedReports(10);
			env.sim().injectFault(fault);
			const run = await getMany({ returnAll: true });
			expect(run.error).toBeInstanceOf(NodeApiError);
			// The headline, then the cause and fix.
			expect(`${run.error?.message} ${(run.error as NodeApiError).description ?? ''}`).toMatch(message);
			expect(run.outputs).toEqual([]);
			expect(env.sim().counters().queued).toBe(10);
		});

		it('gives up on a stalled answer after the request timeout', async () => {
			env.sim().seedReports(3);
			env.sim().injectFault({ kind: 'stall' });
			const started = Date.now();
			const run = await getMany({ returnAll: true, options: { requestTimeout: 1 } });
			expect(Date.now() - started).toBeLessThan(10_000);
			expect(run.error?.message).toBe('Mobset did not answer within 1 second.');
			expect(env.sim().counters().queued).toBe(3);
		});

		it('emits the reports of earlier calls when a later call fails, and warns', async () => {
			const seeded = env.sim().seedReports(120).map((r) => r.smsId);
			env.sim().injectFault({ kind: 'http500', afterCalls: 2 });
			const run = await getMany({ returnAll: true });
			expect(run.error).toBeUndefined();
			expect(smsIds(run.outputs[0])).toEqual(seeded.slice(0, 100));
			expect(run.hints).toEqual([
				expect.objectContaining({ type: 'warning', message: expect.stringContaining('HTTP 500') }),
			]);
			expect(env.sim().counters().queued).toBe(20);
		});

		it('recovers the whole reports of a truncated answer and emits them', async () => {
			env.sim().seedReports(120);
			env.sim().injectFault({ kind: 'truncatedJson', fraction: 0.6, afterCalls: 1 });
			const run = await getMany({ returnAll: true });
			expect(run.error).toBeUndefined();
			const emitted = smsIds(run.outputs[0]);
			expect(emitted.length).toBeGreaterThan(50);
			expect(emitted.length).toBeLessThan(100);
			expect(emitted).toEqual(deliverableIds(env.sim()));
			expect(run.hints[0].message).toMatch(/could be read from its answer \(it was cut off\)/);
		});

		it('emits everything except what Mobset lost on the wire', async () => {
			env.sim().seedReports(200);
			env.sim().injectFault({ kind: 'dropAfterDequeue', afterCalls: 2 });
			const run = await getMany({ returnAll: true });
			const { droppedInFlightIds } = env.sim().counters();
			expect(droppedInFlightIds).toHaveLength(50);
			expect(smsIds(run.outputs[0])).toEqual(deliverableIds(env.sim()));
			expect(run.outputs[0]).toHaveLength(100);
		});

		it('outputs an error item instead of stopping with Continue On Fail', async () => {
			env.sim().injectFault({ kind: 'http500' });
			const run = await getMany({ returnAll: true }, { continueOnFail: true });
			expect(run.error).toBeUndefined();
			expect(run.outputs[0]).toEqual([
				{ json: { error: expect.stringMatching(/HTTP 500/) }, pairedItem: { item: 0 } },
			]);
		});
	});

	describe('bad configuration', () => {
		it.each([0, -5, 1.5, 2_000_000])('rejects a limit of %p, naming the setting', async (limit) => {
			const run = await getMany({ limit });
			expect(run.error).toBeInstanceOf(NodeOperationError);
			expect(run.error?.message).toMatch(/^Limit must be a whole number from 1 to 1,000,000/);
			expect(env.sim().counters().requests).toBe(0);
		});

		it('names a CorpID that is not six digits', async () => {
			const run = await runNode({
				nodeType: new MobsetSmsReports(),
				credentials: { ...env.credentials(), corpId: '12ab' },
				parameters: { operation: 'getMany' },
			});
			expect(run.error?.message).toMatch(/CorpID "12ab" is not valid: it must be the six-digit/);
			expect(env.sim().counters().requests).toBe(0);
		});
	});
});
