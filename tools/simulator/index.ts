/**
 * Mobset SDK3 simulator: a local HTTP(S) server that behaves like `/SDK3/Sms`, for tests,
 * benchmarks and end-to-end runs. Dev tool only; never published.
 *
 *   const sim = await startSimulator({ seed: 42 });   // free port on 127.0.0.1
 *
 * Its API (in process, and the same over HTTP under `/_sim/`) is the `MobsetSimulator` interface
 * in api.ts; faults are described in faults.ts, switches in types.ts, provisional codes in codes.ts.
 */
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import type { MobsetSimulator } from './api';
import { controlHandler } from './control';
import { Engine } from './engine';
import type { ArmedFaultInfo } from './faults';
import { selfSignedCertificate } from './selfSigned';
import { createSimulatorServer } from './server';
import { checkSwitches, DEFAULT_SWITCHES } from './switches';
import type {
	Account,
	AccountRef,
	Counters,
	FailureRule,
	FaultSpec,
	RawReply,
	RawReport,
	RawTemplate,
	ReplySeedOptions,
	ReplySpec,
	ReportSpec,
	SeedOptions,
	Switches,
	TemplateSpec,
} from './types';

export type { MobsetSimulator } from './api';
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
	/** Start-up failure rule (also what reset() returns to); default none: outcomes by chance. */
	failureRule?: FailureRule;
}

/** The one implementation of `MobsetSimulator`: the engine's state behind a listening server. */
class Simulator implements MobsetSimulator {
	private readonly server: Server;
	readonly certificate?: string;
	private feedTimer?: NodeJS.Timeout;
	private host = '127.0.0.1';

	constructor(
		private readonly engine: Engine,
		options: Pick<SimulatorOptions, 'https' | 'control'>,
	) {
		const tls = options.https ? selfSignedCertificate() : undefined;
		this.certificate = tls?.cert;
		this.server = createSimulatorServer({
			engine,
			tls,
			control: options.control === false ? undefined : controlHandler(this),
		});
	}

	async listen(port: number, host: string): Promise<void> {
		this.host = host;
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
	}

	get origin(): string {
		const host = this.host === '0.0.0.0' ? '127.0.0.1' : this.host === '::' ? '::1' : this.host;
		const scheme = this.certificate ? 'https' : 'http';
		return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
	}

	get url(): string {
		return `${this.origin}/SDK3/Sms`;
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

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

	seedReplies(countOrSpecs: number | ReplySpec[], options?: ReplySeedOptions): RawReply[] {
		return this.engine.seedReplies(countOrSpecs, options);
	}

	setFailureRule(rule: FailureRule | undefined): void {
		this.engine.setFailureRule(rule);
	}

	failureRule(): FailureRule | undefined {
		return this.engine.failureRule();
	}

	seedTemplates(specs: TemplateSpec[], options: { account?: AccountRef } = {}): RawTemplate[] {
		if (!Array.isArray(specs)) throw new Error('Templates must be a list');
		return this.engine.seedTemplates(specs, options.account);
	}

	templates(options: { account?: AccountRef } = {}): RawTemplate[] {
		return this.engine.templates(options.account);
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
	const engine = new Engine({
		seed: options.seed ?? 1,
		accounts: options.accounts?.length ? options.accounts : [{ ...DEMO_ACCOUNT }],
		switches,
		trackIds: options.trackIds ?? true,
		failureRule: options.failureRule,
	});
	const sim = new Simulator(engine, options);
	await sim.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	if (options.latencyMs) sim.setLatency(options.latencyMs);
	if (options.initialReports !== undefined) sim.seedReports(options.initialReports);
	if (options.feedPerMinute) sim.startFeed(options.feedPerMinute);
	return sim;
}
