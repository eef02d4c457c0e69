import type { ArmedFaultInfo } from './faults';
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

/**
 * The simulator's API, stated once. `startSimulator()` returns an object of this type (the
 * in-process API), and the `/_sim/` HTTP control interface (control.ts) drives the very same
 * methods for tools outside the test process; the route for each is named on its line.
 */
export interface MobsetSimulator {
	/** `http://127.0.0.1:<port>/SDK3/Sms`. */
	readonly url: string;
	/** `http://127.0.0.1:<port>` (the control interface lives under `/_sim/` here). */
	readonly origin: string;
	readonly port: number;
	/** PEM of the self-signed certificate when started with `https: true`. */
	readonly certificate?: string;
	/** The first account: the one seeding uses by default. */
	readonly account: Account;

	/** GET /_sim/accounts. Accounts with their current balance. */
	accounts(): Account[];
	/** POST /_sim/accounts. Adds an account, or replaces one with the same CorpID and LoginName. */
	addAccount(account: Account): void;

	/**
	 * POST /_sim/reports `{count | reports, ...options}`. Queues N generated reports or explicit
	 * specs for SmsGetReport; returns what was queued.
	 */
	seedReports(countOrSpecs: number | ReportSpec[], options?: SeedOptions): RawReport[];
	/** POST /_sim/replies `{count | replies, ...options}`. Queues inbound replies for SmsGetRecv. */
	seedReplies(countOrSpecs: number | ReplySpec[], options?: ReplySeedOptions): RawReply[];

	/**
	 * POST /_sim/failure-rule. Which numbers of later sends end failed (Status 13); every other
	 * number is then delivered. `undefined` (DELETE /_sim/failure-rule) goes back to chance
	 * (the `deliveredRatio` switch). A bad rule throws (HTTP 400).
	 */
	setFailureRule(rule: FailureRule | undefined): void;
	/** GET /_sim/failure-rule (`{rule: null}` when none). */
	failureRule(): FailureRule | undefined;

	/**
	 * POST /_sim/templates `{templates, account?}`. Adds templates as if TemplateAdd had made them
	 * (or replaces those with the same templateId); unset fields get defaults, status '1' approved.
	 */
	seedTemplates(specs: TemplateSpec[], options?: { account?: AccountRef }): RawTemplate[];
	/** GET /_sim/templates[?CorpID&LoginName]. The templates of an account (default the first). */
	templates(options?: { account?: AccountRef }): RawTemplate[];

	/** GET /_sim/switches. Response-shape and behaviour switches (see `Switches`). */
	switches(): Switches;
	/** POST /_sim/switches. Sets some switches; an unknown name or a bad value throws (HTTP 400). */
	setSwitches(update: Partial<Switches>): void;

	/** POST /_sim/faults (one spec or an array). Arms faults, fired in order (see faults.ts). */
	injectFault(spec: FaultSpec | FaultSpec[]): void;
	/** GET /_sim/faults. */
	faults(): ArmedFaultInfo[];
	/** DELETE /_sim/faults. */
	clearFaults(): void;

	/** POST /_sim/latency `{ms, jitterMs}`. Delay before each SDK3 call is handled. */
	setLatency(ms: number, jitterMs?: number): void;
	/** GET /_sim/latency. */
	latency(): { ms: number; jitterMs: number };

	/** GET /_sim/counters[?ids=0]. A snapshot copy; `ids: false` leaves the id lists empty. */
	counters(options?: { ids?: boolean }): Counters;
	/**
	 * POST /_sim/reset. Empties queues; clears counters, faults and latency; switches back to their
	 * start-up values; outcome PRNG re-seeded. SmsIds keep increasing (unique for the server's
	 * life). Accounts and a running feed are kept.
	 */
	reset(): void;

	/** POST /_sim/feed `{reportsPerMinute}`. Keeps queuing generated reports; 0 stops. */
	startFeed(reportsPerMinute: number): void;
	/** POST /_sim/feed `{reportsPerMinute: 0}`. */
	stopFeed(): void;

	/** Closes every connection, including stalled ones. In process only. */
	close(): Promise<void>;
}
