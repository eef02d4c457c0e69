// One variant in a fresh process, so its memory belongs to one variant and one backlog only.
// Started by run.ts with `fork`; the parent seeds the simulator and reads its counters, the child
// warms up on a small backlog (JIT, first connection) and then drains the measured one.
import { performance } from 'node:perf_hooks';

import { peakRssMb, resetPeak } from './procStats';
import type { ChildMessage, ChildSpec, Measurement, ParentMessage } from './protocol';

const MB = 1024 * 1024;

/** One measured run; `warm` for the warm-up, which a send makes smaller than the measured one. */
type Drain = (warm: boolean) => Promise<Array<Record<string, unknown>>>;

/** Enough sends for the JIT to settle on the hot paths (2 calls combined, 100 one per item). */
const WARMUP_CUSTOMERS = 100;

function send(message: ChildMessage, then?: () => void): void {
	process.send!(message, undefined, {}, () => then?.());
}

function nextMessage(): Promise<ParentMessage> {
	return new Promise((resolve) => process.once('message', (message) => resolve(message as ParentMessage)));
}

/** Loads only what the variant needs: the floor must not pay for n8n-core in its memory figure. */
async function prepare(spec: ChildSpec): Promise<Drain> {
	if (spec.variant === 'floor') {
		const { floorDrain } = await import('./floorClient');
		return async () => (await floorDrain(spec.url, spec.account)).reports;
	}
	if (spec.variant === 'n8n helper') {
		const { helperDrain } = await import('./helperClient');
		return async () => await helperDrain(spec.url, spec.account);
	}
	const engine = await import('./engineDrain');
	if (spec.variant === 'send') {
		return async (warm) => (await engine.sendToCustomers(spec, warm ? WARMUP_CUSTOMERS : spec.customers!)).map((item) => item.json);
	}
	if (spec.variant === 'node') {
		return async () => (await engine.nodeDrain(spec)).map((item) => item.json);
	}
	const trigger = new engine.TriggerDrain(spec);
	return async () => (await trigger.poll()).map((item) => item.json);
}

function distinctIds(reports: Array<Record<string, unknown>>): number {
	// The node's items say `smsId`, the raw reports `SmsId`.
	return new Set(reports.map((report) => String(report.smsId ?? report.SmsId))).size;
}

async function measure(drain: Drain, loadMs: number): Promise<Measurement> {
	global.gc?.();
	// A peak of this drain alone: the loading and the warm-up (or an earlier drain) do not count.
	const ownPeak = resetPeak(process.pid);
	const rssBefore = process.memoryUsage().rss;
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const reports = await drain(false);
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	// What the reports really hold, not garbage the collector has not reached yet.
	global.gc?.();
	const heapAfter = process.memoryUsage().heapUsed;
	return {
		reports: reports.length,
		distinctIds: distinctIds(reports),
		wallMs,
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
		rssBeforeMb: rssBefore / MB,
		// getrusage's maxrss cannot be reset: it is the fallback where clear_refs is refused.
		peakRssMb: ownPeak ? peakRssMb(process.pid) : process.resourceUsage().maxRSS / 1024,
		heapAfterMb: heapAfter / MB,
		loadMs,
	};
}

async function main(): Promise<void> {
	const spec = JSON.parse(process.argv[2]) as ChildSpec;
	const loadStart = performance.now();
	const drain = await prepare(spec);
	const loadMs = performance.now() - loadStart;
	send({ type: 'ready' });
	for (;;) {
		const message = await nextMessage();
		if (message.type === 'warmup') send({ type: 'warm', reports: (await drain(true)).length });
		else if (message.type === 'measure') send({ type: 'result', measurement: await measure(drain, loadMs) });
		// n8n-core leaves timers behind: exit rather than wait for them.
		else return process.exit(0);
	}
}

main().catch((error: unknown) => {
	send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
		process.exit(1),
	);
});
