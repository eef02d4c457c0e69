// The simulator's `trickle` fault, which the soak relies on: an answer that is never idle for long,
// so only a deadline on the whole call ends it. The call takes effect either way; a client that
// leaves before the last byte has lost that call's reports, and the simulator records them.
import { startSimulator, type MobsetSimulator } from '../../tools/simulator';
import { call, signed } from '../simulator/helpers';

describe('the trickle fault', () => {
	let sim: MobsetSimulator;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, seed: 13 });
	});

	afterAll(async () => {
		await sim.close();
	});

	beforeEach(() => sim.reset());

	it('drips the whole answer to a client that waits: nothing is lost', async () => {
		const ids = sim.seedReports(2).map((r) => r.smsId);
		sim.injectFault({ kind: 'trickle', intervalMs: 5, chunkBytes: 16 });
		const started = Date.now();
		const answer = await call(sim, signed(sim.account, 'SmsGetReport'));
		expect(Date.now() - started).toBeGreaterThan(20);
		expect(answer.json.Details.map((d: { SmsId: string }) => d.SmsId)).toEqual(ids);
		expect(sim.counters()).toMatchObject({ dequeuedIds: ids, droppedInFlightIds: [], faultsFired: { trickle: 1 } });
	});

	it('records every report of the call as lost when the client leaves early', async () => {
		const ids = sim.seedReports(3).map((r) => r.smsId);
		sim.injectFault({ kind: 'trickle', intervalMs: 100 });
		await expect(call(sim, signed(sim.account, 'SmsGetReport'), { signal: AbortSignal.timeout(300) })).rejects.toThrow();
		for (let i = 0; i < 50 && sim.counters().droppedInFlightIds.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
		expect(sim.counters()).toMatchObject({ dequeuedIds: ids, droppedInFlightIds: ids, queued: 0 });
	});

	it('rejects drip settings that make no sense', () => {
		expect(() => sim.injectFault({ kind: 'trickle', intervalMs: 0 })).toThrow('Fault intervalMs must be a number >= 1');
		expect(() => sim.injectFault({ kind: 'trickle', chunkBytes: 1.5 })).toThrow('Fault chunkBytes must be a whole number >= 1');
	});
});
