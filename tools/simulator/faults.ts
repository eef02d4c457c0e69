/**
 * Faults (FaultSpec: { kind, count = 1, method = 'SmsGetReport' | '*' | <Methods>, afterCalls = 0,
 * probability?, seed?, ... }) are armed in order; each call fires the first armed fault matching its
 * `Methods`. Only `dropAfterDequeue`, `truncatedJson` and `trickle` remove anything from a queue
 * (or, on a send, let it take effect); every other fault leaves the simulator's state untouched:
 *   http500           HTTP 500, HTML body.
 *   html502           HTTP 502, nginx-style HTML page.
 *   truncatedJson     the call runs fully (reports dequeued), then HTTP 200 with the JSON cut at
 *                     `fraction` (0.5), correct Content-Length. Reports wholly inside the cut body
 *                     can still be read; the others are recorded in droppedInFlightIds.
 *   reset             TCP RST before anything is dequeued.
 *   stall             no answer; the socket is reset after `ms`, or held until the client leaves.
 *   trickle           the call runs fully (reports dequeued), then HTTP 200 whose body drips out
 *                     `chunkBytes` (1) every `intervalMs` (200): never idle, so an idle-only time-out
 *                     never fires. A client leaving early gets nothing: its reports are recorded in
 *                     droppedInFlightIds.
 *   dropAfterDequeue  the call runs fully (reports dequeued and recorded in droppedInFlightIds; a
 *                     send accepted and its reports queued), then TCP RST instead of the answer:
 *                     the one loss no client can prevent.
 *   authFailure       HTTP 200, Code -2.       clockSkew   HTTP 200, Code -12.
 *   respond           arbitrary { status, headers, body | bodyBase64 | bodySize }; `{{request}}` in the
 *                     body or a header is replaced by the request body (an echoing service or proxy).
 *   random            each firing picks one of `kinds` (default: all but respond and trickle) with
 *                     the fault's own seeded PRNG; combine with `probability` for soak tests.
 * Faults fire after latency; a client that left before its call was handled (during the latency,
 * or before the simulator even read the call) costs nothing and takes no fault: the fault stays
 * armed for the next call.
 */
import { Prng, streamSeed } from './prng';
import type { FaultKind, FaultSpec } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
	'http500',
	'html502',
	'truncatedJson',
	'reset',
	'stall',
	'trickle',
	'dropAfterDequeue',
	'authFailure',
	'clockSkew',
	'respond',
	'random',
];

/**
 * What `random` picks from by default: everything that needs no further parameters. `trickle` came
 * later and is left out so that seeded runs written before it keep firing the same faults.
 */
const RANDOM_DEFAULT_KINDS: readonly FaultKind[] = [
	'http500',
	'html502',
	'truncatedJson',
	'reset',
	'stall',
	'dropAfterDequeue',
	'authFailure',
	'clockSkew',
];

interface ArmedFault {
	spec: FaultSpec;
	remaining: number;
	/** Matching calls still to let through before the fault starts firing. */
	skip: number;
	prng: Prng;
}

/** A fault chosen for one call; `kind` is already resolved when the spec said `random`. */
export interface FiredFault {
	kind: Exclude<FaultKind, 'random'>;
	spec: FaultSpec;
}

/** Snapshot of an armed fault for the control interface. */
export interface ArmedFaultInfo extends FaultSpec {
	remaining: number | 'forever';
}

/**
 * Faults armed in order. A call fires the first armed fault whose `method` matches it (and whose
 * probability roll, if any, succeeds); a fault is disarmed once it has fired `count` times.
 */
export class FaultQueue {
	private armed: ArmedFault[] = [];
	private added = 0;

	constructor(private readonly baseSeed: number) {}

	add(spec: FaultSpec): void {
		validate(spec);
		const forever = spec.count === 'forever' || spec.count === Infinity;
		const remaining = forever
			? Infinity
			: typeof spec.count === 'number'
				? spec.count
				: spec.probability !== undefined
					? Infinity
					: 1;
		const seed = spec.seed ?? streamSeed(this.baseSeed, 1000 + this.added);
		this.added++;
		this.armed.push({ spec: { ...spec }, remaining, skip: spec.afterCalls ?? 0, prng: new Prng(seed) });
	}

	/** Picks (and consumes one use of) the fault for a call with this `Methods` value, if any. */
	next(method: string | undefined): FiredFault | undefined {
		for (let i = 0; i < this.armed.length; i++) {
			const fault = this.armed[i];
			const target = fault.spec.method ?? 'SmsGetReport';
			if (target !== '*' && target !== method) continue;
			if (fault.skip > 0) {
				fault.skip--;
				continue;
			}
			if (fault.spec.probability !== undefined && !(fault.prng.next() < fault.spec.probability)) continue;
			fault.remaining--;
			if (fault.remaining <= 0) this.armed.splice(i, 1);
			const kind =
				fault.spec.kind === 'random'
					? (fault.prng.pick(fault.spec.kinds ?? RANDOM_DEFAULT_KINDS) as FiredFault['kind'])
					: fault.spec.kind;
			return { kind, spec: fault.spec };
		}
		return undefined;
	}

	list(): ArmedFaultInfo[] {
		return this.armed.map((f) => ({
			...f.spec,
			remaining: f.remaining === Infinity ? 'forever' : f.remaining,
		}));
	}

	clear(): void {
		this.armed = [];
	}
}

function validate(spec: FaultSpec): void {
	if (!spec || typeof spec !== 'object') throw new Error('A fault must be an object with a kind');
	if (!FAULT_KINDS.includes(spec.kind)) {
		throw new Error(`Unknown fault kind ${JSON.stringify(spec.kind)}; known: ${FAULT_KINDS.join(', ')}`);
	}
	const { count, probability } = spec;
	if (count !== undefined && count !== 'forever' && !(typeof count === 'number' && count >= 1)) {
		throw new Error('Fault count must be a number >= 1 or "forever"');
	}
	if (probability !== undefined && !(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
		throw new Error('Fault probability must be between 0 and 1');
	}
	if (spec.kind === 'random') {
		for (const kind of spec.kinds ?? []) {
			if (kind === 'random' || !FAULT_KINDS.includes(kind)) throw new Error(`random cannot pick ${kind}`);
		}
		if (spec.kinds && spec.kinds.length === 0) throw new Error('random needs at least one kind');
	}
	if (spec.kind === 'truncatedJson' && spec.fraction !== undefined && !(spec.fraction >= 0 && spec.fraction < 1)) {
		throw new Error('truncatedJson fraction must be in [0, 1)');
	}
	if (spec.afterCalls !== undefined && !(Number.isInteger(spec.afterCalls) && spec.afterCalls >= 0)) {
		throw new Error('Fault afterCalls must be a whole number >= 0');
	}
	if (spec.ms !== undefined && !(typeof spec.ms === 'number' && spec.ms >= 0)) {
		throw new Error('Fault ms must be a number >= 0');
	}
	if (spec.intervalMs !== undefined && !(typeof spec.intervalMs === 'number' && spec.intervalMs >= 1)) {
		throw new Error('Fault intervalMs must be a number >= 1');
	}
	if (spec.chunkBytes !== undefined && !(Number.isInteger(spec.chunkBytes) && spec.chunkBytes >= 1)) {
		throw new Error('Fault chunkBytes must be a whole number >= 1');
	}
	if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 100 && spec.status <= 999)) {
		throw new Error('Fault status must be an HTTP status code');
	}
}
