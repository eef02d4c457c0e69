// The network conditions the benchmark drains under, each a simulator (HTTP or HTTPS) plus, for a
// round trip, the delay proxy in front of it. Everything lives in the parent process, so its CPU
// and memory are never counted against the client being measured.
import { startSimulator, type MobsetSimulator } from '../simulator';
import { startDelayProxy, type DelayProxy } from './delayProxy';

export type ConditionId = 'loopback' | 'server20' | 'rtt30' | 'rtt30tls';

export interface ConditionSpec {
	id: ConditionId;
	label: string;
	/** Server time per SDK3 call (the simulator's latency). */
	serverMs: number;
	/** Round trip added by the delay proxy (0: none). */
	rttMs: number;
	https: boolean;
}

export const CONDITIONS: Record<ConditionId, ConditionSpec> = {
	loopback: { id: 'loopback', label: 'loopback', serverMs: 0, rttMs: 0, https: false },
	server20: { id: 'server20', label: '20 ms server', serverMs: 20, rttMs: 0, https: false },
	rtt30: { id: 'rtt30', label: '30 ms RTT', serverMs: 0, rttMs: 30, https: false },
	rtt30tls: { id: 'rtt30tls', label: '30 ms RTT, HTTPS', serverMs: 0, rttMs: 30, https: true },
};

export interface Condition {
	spec: ConditionSpec;
	sim: MobsetSimulator;
	/** What clients call: the simulator, or the proxy in front of it. */
	url: string;
	/** Empties the queue and counters and queues `reports` fresh ones, visible at once. */
	prepare(reports: number): void;
	close(): Promise<void>;
}

export async function startCondition(spec: ConditionSpec): Promise<Condition> {
	const sim = await startSimulator({
		port: 0,
		seed: 20261124,
		https: spec.https,
		// 100,000 ids kept per run would only weigh on this process; the child counts distinct ids.
		trackIds: false,
		// Reports queued by the benchmark are visible at once (the default delays them 300 ± 200 ms).
		reportDelayMs: 0,
		reportDelayJitterMs: 0,
	});
	let proxy: DelayProxy | undefined;
	let url = sim.url;
	if (spec.rttMs > 0) {
		proxy = await startDelayProxy(sim.port, spec.rttMs);
		url = `${spec.https ? 'https' : 'http'}://127.0.0.1:${proxy.port}/SDK3/Sms`;
	}
	return {
		spec,
		sim,
		url,
		prepare(reports: number) {
			sim.reset();
			// reset() clears the latency too.
			if (spec.serverMs > 0) sim.setLatency(spec.serverMs);
			if (reports > 0) sim.seedReports(reports);
		},
		async close() {
			await proxy?.close();
			await sim.close();
		},
	};
}
