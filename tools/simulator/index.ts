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
import { selfSignedCertificate } from './selfSigned';
import { createSimulatorServer } from './server';
import { checkSwitches, DEFAULT_SWITCHES } from './switches';
import type { Account, FailureRule, ReportSpec, Switches } from './types';

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

/**
 * The one implementation of `MobsetSimulator`: the engine's state behind a listening server. An
 * object of the interface's type, so each method's signature is the interface's, stated once.
 */
async function listeningSimulator(
	engine: Engine,
	options: Pick<SimulatorOptions, 'https' | 'control'> & { port: number; host: string },
): Promise<MobsetSimulator> {
	const tls = options.https ? selfSignedCertificate() : undefined;
	let feedTimer: NodeJS.Timeout | undefined;
	const stopFeed = () => {
		clearInterval(feedTimer);
		feedTimer = undefined;
	};

	const sim: MobsetSimulator = {
		certificate: tls?.cert,
		get origin() {
			const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host === '::' ? '::1' : options.host;
			return `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${sim.port}`;
		},
		get url() {
			return `${sim.origin}/SDK3/Sms`;
		},
		get port() {
			return (server.address() as AddressInfo).port;
		},
		get account() {
			const { corpId, loginName, password } = engine.store.resolve().account;
			return { corpId, loginName, password };
		},
		accounts: () => engine.store.accounts(),
		addAccount(account) {
			if (!account?.corpId || !account.loginName || typeof account.password !== 'string') {
				throw new Error('An account needs corpId, loginName and password');
			}
			engine.store.add(account);
		},
		seedReports: (countOrSpecs, seedOptions) => engine.seedReports(countOrSpecs, seedOptions),
		seedReplies: (countOrSpecs, seedOptions) => engine.seedReplies(countOrSpecs, seedOptions),
		setFailureRule: (rule) => engine.setFailureRule(rule),
		failureRule: () => engine.failureRule(),
		seedTemplates(specs, { account } = {}) {
			if (!Array.isArray(specs)) throw new Error('Templates must be a list');
			return engine.seedTemplates(specs, account);
		},
		templates: ({ account } = {}) => engine.templates(account),
		switches: () => ({ ...engine.switches }),
		setSwitches(update) {
			engine.switches = { ...engine.switches, ...checkSwitches(update as Record<string, unknown>) };
		},
		injectFault(spec) {
			for (const one of Array.isArray(spec) ? spec : [spec]) engine.faults.add(one);
		},
		faults: () => engine.faults.list(),
		clearFaults: () => engine.faults.clear(),
		setLatency(ms, jitterMs = 0) {
			if (!(ms >= 0) || !(jitterMs >= 0)) throw new Error('Latency must be >= 0 ms');
			engine.latency = { ms, jitterMs };
		},
		latency: () => ({ ...engine.latency }),
		counters: ({ ids } = {}) => engine.counters(ids ?? true),
		reset: () => engine.reset(),
		startFeed(reportsPerMinute) {
			stopFeed();
			if (!(reportsPerMinute > 0)) return;
			const tickMs = 200;
			let credit = 0;
			let last = Date.now();
			feedTimer = setInterval(() => {
				const now = Date.now();
				credit += ((now - last) * reportsPerMinute) / 60000;
				last = now;
				const due = Math.floor(credit);
				if (due > 0) {
					credit -= due;
					engine.seedReports(due);
				}
			}, tickMs);
			feedTimer.unref();
		},
		stopFeed,
		close() {
			stopFeed();
			return new Promise((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				// Stalled and keep-alive sockets would otherwise hold close() open indefinitely.
				server.closeAllConnections();
			});
		},
	};

	const server: Server = createSimulatorServer({
		engine,
		tls,
		control: options.control === false ? undefined : controlHandler(sim),
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	return sim;
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
	const sim = await listeningSimulator(engine, { ...options, port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
	if (options.latencyMs) sim.setLatency(options.latencyMs);
	if (options.initialReports !== undefined) sim.seedReports(options.initialReports);
	if (options.feedPerMinute) sim.startFeed(options.feedPerMinute);
	return sim;
}
