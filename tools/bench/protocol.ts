// What the benchmark's parent and its one-measurement child processes say to each other (IPC).
// The parent owns the simulator, so seeding and the request counters stay out of the measured
// process; the child only drains.

/** Ways of draining the backlog, and the node's Send, that run inside a fresh child process. */
export type InProcessVariant = 'floor' | 'n8n helper' | 'node' | 'trigger' | 'send';

export interface ChildSpec {
	variant: InProcessVariant;
	/** The SDK3 URL the client calls (through the delay proxy when the condition has one). */
	url: string;
	account: { corpId: string; loginName: string; password: string };
	/** The node's and trigger's Parallel Requests option. */
	parallel: number;
	/** `send`: how many customers (one number each, the same text) one measured run sends to. */
	customers?: number;
	/** `send`: the Combine Identical Messages option (off: every item gets calls of its own). */
	combine?: boolean;
}

/** Parent → child: the simulator is ready for the next step. */
export type ParentMessage = { type: 'warmup' } | { type: 'measure' } | { type: 'exit' };

export interface Measurement {
	/** Reports the client ended up holding (items for the node and trigger; sent numbers for `send`). */
	reports: number;
	/** Distinct SmsIds among them: equal to `reports` when nothing was fetched twice. */
	distinctIds: number;
	wallMs: number;
	cpuUserMs: number;
	cpuSystemMs: number;
	/** Resident memory after loading and warming up, before the measured drain. */
	rssBeforeMb: number;
	/** Peak resident memory during the drain (VmHWM after clear_refs; else getrusage maxrss, lifetime). */
	peakRssMb: number;
	/** Heap in use right after the drain, while the reports are still held. */
	heapAfterMb: number;
	/** Time to load the modules the variant needs (n8n-core and the nodes for the engine ones). */
	loadMs: number;
	error?: string;
}

/** Child → parent. */
export type ChildMessage =
	| { type: 'ready' }
	| { type: 'warm'; reports: number }
	| { type: 'result'; measurement: Measurement }
	| { type: 'failed'; error: string };
