/**
 * Mobset SDK3 simulator: a local HTTP(S) server that behaves like `/SDK3/Sms`, for tests,
 * benchmarks and end-to-end runs. Dev tool only; never published (package.json `files` omits it).
 *
 * In-process API
 * --------------
 *   const sim = await startSimulator({ port: 0, seed: 42 });
 *   sim.url        'http://127.0.0.1:43121/SDK3/Sms'
 *   sim.origin     'http://127.0.0.1:43121'
 *   sim.account    { corpId: '100000', loginName: 'admin', password: 'demo-password' }
 *   sim.certificate  PEM of the self-signed certificate when started with `https: true`
 *
 *   sim.seedReports(countOrSpecs, options?)  -> RawReport[]   queue N generated reports or explicit
 *                                               specs ({ smsId?, status?, exStatus?, reportTime?,
 *                                               phoneNumber?, visibleAt?, delayMs? }); options:
 *                                               { account?, delayMs?, deliveredRatio?, allStatuses?,
 *                                               statusWeights? }
 *   sim.seedReplies(countOrSpecs, options?)  -> RawReply[]    inbound replies for SmsGetRecv
 *   sim.setSwitches(partial) / sim.switches()                   response shapes, see types.ts Switches
 *   sim.injectFault(spec | spec[]) / sim.faults() / sim.clearFaults()
 *   sim.setLatency(ms, jitterMs = 0) / sim.latency()            delay before each SDK3 call is handled
 *   sim.counters({ ids = true })                                snapshot copy, see types.ts Counters
 *   sim.addAccount(account) / sim.accounts()
 *   sim.startFeed(reportsPerMinute) / sim.stopFeed()            keep queuing generated reports
 *   sim.reset()     empty queues; clear counters, faults, latency; switches back to start-up values;
 *                   outcome PRNG re-seeded. SmsIds keep increasing (unique for the server's life).
 *                   Accounts and a running feed are kept.
 *   await sim.close()   closes every connection, including stalled ones.
 *
 * Same operations over HTTP on the same port (JSON in, JSON out): see control.ts.
 *   GET /_sim/state, GET /_sim/counters[?ids=0], POST /_sim/reports {count|reports, ...options},
 *   POST /_sim/replies, GET|POST /_sim/switches, GET|POST|DELETE /_sim/faults, GET|POST /_sim/latency,
 *   POST /_sim/reset, GET|POST /_sim/accounts, POST /_sim/feed {reportsPerMinute},
 *   GET /_sim/sign[?CorpID&LoginName&Methods]  (fresh TimeStamp/SecretKey for curl)
 *
 * Faults (FaultSpec: { kind, count = 1, method = 'SmsGetReport' | '*' | <Methods>, afterCalls = 0,
 * probability?, seed?, ... }) are armed in order; each call fires the first armed fault matching its `Methods`.
 * Only `dropAfterDequeue`, `truncatedJson` and `trickle` remove anything from a queue; every other
 * fault leaves queues untouched:
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
 *   dropAfterDequeue  the call runs fully (reports dequeued, recorded in droppedInFlightIds),
 *                     then TCP RST instead of the answer: the one loss no client can prevent.
 *   authFailure       HTTP 200, Code -2.       clockSkew   HTTP 200, Code -12.
 *   respond           arbitrary { status, headers, body | bodyBase64 | bodySize }.
 *   random            each firing picks one of `kinds` (default: all but respond) with the
 *                     fault's own seeded PRNG; combine with `probability` for soak tests.
 * Faults fire after latency; a client that left during the latency costs nothing.
 *
 * Result codes are provisional (no SDK3 error table exists): see codes.ts.
 */
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { controlHandler, type ControlTarget } from './control';
import { Engine } from './engine';
import type { ArmedFaultInfo } from './faults';
import { selfSignedCertificate } from './selfSigned';
import { createSimulatorServer, type ControlHandler } from './server';
import { checkSwitches, DEFAULT_SWITCHES } from './switches';
import type {
	Account,
	Counters,
	FaultSpec,
	RawReply,
	RawReport,
	ReplySpec,
	ReportSpec,
	SeedOptions,
	Switches,
} from './types';

export * from './types';
export { DEFAULT_SWITCHES } from './switches';
export { CODES, MESSAGES } from './codes';
export { SKEW_WINDOW_MS } from './auth';

export const DEMO_ACCOUNT: Readonly<Account> = Object.freeze({
	corpId: '100000',
	loginName: 'admin',
	password: 'demo-password',
});

export interface SimulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1: a dev tool has no business listening on every interface. */
	host?: string;
	/** PRNG seed for ids, outcomes and fault rolls (default 1): same seed, same calls, same run. */
	seed?: number;
	/** Default: the demo account. The first one is `sim.account`. */
	accounts?: Account[];
	/** Shorthands for the matching switches. */
	reportDelayMs?: number;
	reportDelayJitterMs?: number;
	/** Start-up switches (also what reset() returns to). */
	switches?: Partial<Switches>;
	/** Reports queued at start-up (for the first account). */
	initialReports?: number | ReportSpec[];
	/** Serve HTTPS with a fresh self-signed certificate instead of HTTP. */
	https?: boolean;
	/** Mount the `/_sim/` control interface (default true). */
	control?: boolean;
	/** Keep dequeued/dropped ids in the counters (default true). */
	trackIds?: boolean;
	/** Initial latency (reset() sets it back to 0). */
	latencyMs?: number;
	/** Start feeding generated reports at this rate. */
	feedPerMinute?: number;
}

export class MobsetSimulator implements ControlTarget {
	private feedTimer?: NodeJS.Timeout;

	constructor(
		private readonly engine: Engine,
		private readonly server: Server,
		readonly origin: string,
		readonly certificate?: string,
	) {}

	get url(): string {
		return `${this.origin}/SDK3/Sms`;
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	/** The first account: the one seeding uses by default. */
	get account(): Account {
		const { corpId, loginName, password } = this.engine.store.resolve().account;
		return { corpId, loginName, password };
	}

	accounts(): Account[] {
		return this.engine.store.accounts();
	}

	addAccount(account: Account): void {
		if (!account?.corpId || !account.loginName || typeof account.password !== 'string') {
			throw new Error('An account needs corpId, loginName and password');
		}
		this.engine.store.add(account);
	}

	seedReports(countOrSpecs: number | ReportSpec[], options?: SeedOptions): RawReport[] {
		return this.engine.seedReports(countOrSpecs, options);
	}

	seedReplies(countOrSpecs: number | ReplySpec[], options?: Pick<SeedOptions, 'account' | 'delayMs'>): RawReply[] {
		return this.engine.seedReplies(countOrSpecs, options);
	}

	switches(): Switches {
		return { ...this.engine.switches };
	}

	setSwitches(update: Partial<Switches>): void {
		this.engine.switches = { ...this.engine.switches, ...checkSwitches(update as Record<string, unknown>) };
	}

	injectFault(spec: FaultSpec | FaultSpec[]): void {
		for (const one of Array.isArray(spec) ? spec : [spec]) this.engine.faults.add(one);
	}

	faults(): ArmedFaultInfo[] {
		return this.engine.faults.list();
	}

	clearFaults(): void {
		this.engine.faults.clear();
	}

	setLatency(ms: number, jitterMs = 0): void {
		if (!(ms >= 0) || !(jitterMs >= 0)) throw new Error('Latency must be >= 0 ms');
		this.engine.latency = { ms, jitterMs };
	}

	latency(): { ms: number; jitterMs: number } {
		return { ...this.engine.latency };
	}

	counters(options: { ids?: boolean } = {}): Counters {
		return this.engine.counters(options.ids ?? true);
	}

	reset(): void {
		this.engine.reset();
	}

	/** Queues generated reports at a steady rate; 0 stops. Quiet: nothing is printed. */
	startFeed(reportsPerMinute: number): void {
		this.stopFeed();
		if (!(reportsPerMinute > 0)) return;
		const tickMs = 200;
		let credit = 0;
		let last = Date.now();
		this.feedTimer = setInterval(() => {
			const now = Date.now();
			credit += ((now - last) * reportsPerMinute) / 60000;
			last = now;
			const due = Math.floor(credit);
			if (due > 0) {
				credit -= due;
				this.engine.seedReports(due);
			}
		}, tickMs);
		this.feedTimer.unref();
	}

	stopFeed(): void {
		clearInterval(this.feedTimer);
		this.feedTimer = undefined;
	}

	close(): Promise<void> {
		this.stopFeed();
		return new Promise((resolve, reject) => {
			this.server.close((error) => (error ? reject(error) : resolve()));
			// Stalled and keep-alive sockets would otherwise hold close() open indefinitely.
			this.server.closeAllConnections();
		});
	}
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<MobsetSimulator> {
	const switches: Switches = {
		...DEFAULT_SWITCHES,
		...checkSwitches({
			...(options.reportDelayMs !== undefined ? { reportDelayMs: options.reportDelayMs } : {}),
			...(options.reportDelayJitterMs !== undefined ? { reportDelayJitterMs: options.reportDelayJitterMs } : {}),
			...(options.switches ?? {}),
		}),
	};
	const accounts = options.accounts?.length ? options.accounts : [{ ...DEMO_ACCOUNT }];
	const engine = new Engine({
		seed: options.seed ?? 1,
		accounts,
		switches,
		trackIds: options.trackIds ?? true,
	});
	const tls = options.https ? selfSignedCertificate() : undefined;
	// The control handler needs the simulator object, which needs the listening server: bind late.
	let control: ControlHandler | undefined;
	const server = createSimulatorServer({
		engine,
		tls,
		control: options.control === false ? undefined : (req, res, url, body) => control?.(req, res, url, body),
	});
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
	const origin = `${tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
	const target = new MobsetSimulator(engine, server, origin, tls?.cert);
	control = controlHandler(target);
	if (options.latencyMs) target.setLatency(options.latencyMs);
	if (options.initialReports !== undefined) target.seedReports(options.initialReports);
	if (options.feedPerMinute) target.startFeed(options.feedPerMinute);
	return target;
}
