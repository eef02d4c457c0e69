import { authenticate } from './auth';
import { CODES, MESSAGES, type Failure } from './codes';
import { renderEnvelope, renderReply, renderReport, renderSent } from './envelope';
import { FaultQueue } from './faults';
import type { Fields } from './fields';
import { SmsIdGenerator } from './ids';
import { Prng, streamSeed } from './prng';
import { ReportFactory } from './reportFactory';
import { Store, type Mailbox } from './store';
import { parseBeijingDateTime } from './time';
import type {
	Account,
	Counters,
	RawReply,
	RawReport,
	ReplySeedOptions,
	ReplySpec,
	ReportSpec,
	SeedOptions,
	Switches,
} from './types';

export interface EngineOptions {
	seed: number;
	accounts: Account[];
	switches: Switches;
	/** Keep every dequeued id in the counters (a long `--feed` run may turn it off). */
	trackIds: boolean;
}

/** Methods the protocol names but the simulator does not model: answered with -98, not -99. */
const NOT_SIMULATED = new Set([
	'SmsGetSign',
	'TemplateAdd',
	'TemplateQuery',
	'TemplateList',
	'TemplateSendSms',
	'SignNameApply',
]);

const MOBILE = /^(?:\+?86)?1\d{10}$/;

export interface CallOutcome {
	body: string;
	/** Report ids this call removed from the queue. */
	dequeuedIds: string[];
}

const emptyCounters = (): Counters => ({
	requests: 0,
	requestsByMethod: {},
	requestsByHttpMethod: {},
	controlRequests: 0,
	connections: 0,
	dequeuedIds: [],
	dequeued: 0,
	droppedInFlightIds: [],
	recvDequeued: 0,
	recvDroppedInFlight: 0,
	sent: 0,
	faultsFired: {},
	queued: 0,
	queuedVisible: 0,
	recvQueued: 0,
});

/**
 * Everything the simulator knows and does, free of HTTP: accounts and queues, switches, faults,
 * counters, and the SDK3 methods. The server only moves bytes and executes transport faults.
 */
export class Engine {
	readonly store: Store;
	switches: Switches;
	faults: FaultQueue;
	latency = { ms: 0, jitterMs: 0 };
	private stats: Counters = emptyCounters();
	private prng!: Prng;
	private latencyPrng!: Prng;
	private factory!: ReportFactory;
	/** Not re-seeded on reset: ids stay unique for the simulator's whole life. */
	private readonly ids: SmsIdGenerator;

	constructor(private readonly options: EngineOptions) {
		this.store = new Store(options.accounts);
		this.switches = { ...options.switches };
		this.faults = new FaultQueue(options.seed);
		this.ids = new SmsIdGenerator(new Prng(streamSeed(options.seed, 1)));
		this.reseed();
	}

	now(): number {
		return Date.now() + this.switches.clockOffsetMs;
	}

	/** Empties queues, counters, faults; restores switches, latency and the outcome PRNG. */
	reset(): void {
		this.store.clear();
		this.stats = emptyCounters();
		this.switches = { ...this.options.switches };
		this.faults = new FaultQueue(this.options.seed);
		this.latency = { ms: 0, jitterMs: 0 };
		this.reseed();
	}

	private reseed(): void {
		this.prng = new Prng(streamSeed(this.options.seed, 2));
		this.latencyPrng = new Prng(streamSeed(this.options.seed, 3));
		this.factory = new ReportFactory(this.prng);
	}

	// ---- counters -------------------------------------------------------------------------

	countConnection(): void {
		this.stats.connections++;
	}

	countRequest(httpMethod: string): void {
		this.stats.requests++;
		const by = this.stats.requestsByHttpMethod;
		by[httpMethod] = (by[httpMethod] ?? 0) + 1;
	}

	countMethod(method: string | undefined): void {
		const key = method || '(none)';
		this.stats.requestsByMethod[key] = (this.stats.requestsByMethod[key] ?? 0) + 1;
	}

	countControl(): void {
		this.stats.controlRequests++;
	}

	countFault(kind: string): void {
		this.stats.faultsFired[kind] = (this.stats.faultsFired[kind] ?? 0) + 1;
	}

	/** A copy, so callers can keep snapshots and diff them. */
	counters(includeIds = true): Counters {
		const s = this.stats;
		let queued = 0;
		let queuedVisible = 0;
		let recvQueued = 0;
		const now = this.now();
		for (const box of this.store.all()) {
			queued += box.reports.size;
			queuedVisible += box.reports.visibleCount(now);
			recvQueued += box.replies.size;
		}
		return {
			...s,
			requestsByMethod: { ...s.requestsByMethod },
			requestsByHttpMethod: { ...s.requestsByHttpMethod },
			faultsFired: { ...s.faultsFired },
			dequeuedIds: includeIds ? s.dequeuedIds.slice() : [],
			droppedInFlightIds: includeIds ? s.droppedInFlightIds.slice() : [],
			queued,
			queuedVisible,
			recvQueued,
		};
	}

	latencyFor(): number {
		const { ms, jitterMs } = this.latency;
		return ms + (jitterMs > 0 ? this.latencyPrng.next() * jitterMs : 0);
	}

	// ---- seeding --------------------------------------------------------------------------

	seedReports(countOrSpecs: number | ReportSpec[], options: SeedOptions = {}): RawReport[] {
		const box = this.store.resolve(options.account);
		const now = this.now();
		const outcome = {
			deliveredRatio: options.deliveredRatio ?? this.switches.deliveredRatio,
			allStatuses: options.allStatuses,
			statusWeights: options.statusWeights,
		};
		const specs: ReportSpec[] =
			typeof countOrSpecs === 'number' ? new Array<ReportSpec>(Math.max(0, countOrSpecs)).fill({}) : countOrSpecs;
		const queued: RawReport[] = [];
		for (const spec of specs) {
			const visibleAt = spec.visibleAt ?? now + (spec.delayMs ?? options.delayMs ?? 0);
			const generated = this.factory.report(
				spec.smsId ?? this.ids.next(),
				spec.phoneNumber ?? this.factory.phoneNumber(),
				visibleAt,
				spec.status !== undefined ? { deliveredRatio: 1, statusWeights: { [spec.status]: 1 } } : outcome,
			);
			const report: RawReport = {
				smsId: String(generated.smsId),
				status: String(generated.status),
				reportTime: spec.reportTime ?? generated.reportTime,
				exStatus: spec.exStatus ?? generated.exStatus,
				phoneNumber: generated.phoneNumber,
				visibleAt,
			};
			box.reports.push(report, visibleAt, now);
			queued.push({ ...report });
		}
		return queued;
	}

	seedReplies(countOrSpecs: number | ReplySpec[], options: ReplySeedOptions = {}): RawReply[] {
		const box = this.store.resolve(options.account);
		const now = this.now();
		const specs: ReplySpec[] =
			typeof countOrSpecs === 'number' ? new Array<ReplySpec>(Math.max(0, countOrSpecs)).fill({}) : countOrSpecs;
		const queued: RawReply[] = [];
		for (const spec of specs) {
			const visibleAt = spec.visibleAt ?? now + (spec.delayMs ?? options.delayMs ?? 0);
			const generated = this.factory.reply(spec.phoneNumber ?? this.factory.phoneNumber(), visibleAt);
			const reply: RawReply = {
				phoneNumber: generated.phoneNumber,
				recvNumber: spec.recvNumber ?? generated.recvNumber,
				addNum: spec.addNum ?? generated.addNum,
				recvTime: spec.recvTime ?? generated.recvTime,
				content: spec.content ?? generated.content,
				visibleAt,
			};
			box.replies.push(reply, visibleAt, now);
			queued.push({ ...reply });
		}
		return queued;
	}

	// ---- SDK3 calls -----------------------------------------------------------------------

	private failure(failure: Failure): CallOutcome {
		return { body: renderEnvelope(failure, this.switches), dequeuedIds: [] };
	}

	failureBody(failure: Failure): string {
		return renderEnvelope(failure, this.switches);
	}

	/**
	 * Runs one SDK3 call. With `drop` the call takes full effect but its answer will never reach
	 * the client, so whatever it dequeued is recorded as lost in flight.
	 */
	handle(fields: Fields, drop = false): CallOutcome {
		const sw = this.switches;
		const get = (name: string) => fields.get(name, sw.caseInsensitiveFieldNames);
		const auth = authenticate(get, this.store, this.now());
		if (!auth.ok) return this.failure(auth.failure);
		const method = get('Methods') as string;
		switch (method) {
			case 'SmsGetReport':
				return this.getReport(auth.box, drop);
			case 'SmsGetRecv':
				return this.getRecv(auth.box, drop);
			case 'SmsGetBalance':
				return this.getBalance(auth.box);
			case 'SmsSend':
				return this.send(auth.box, get);
			default:
				return this.failure(NOT_SIMULATED.has(method) ? CODES.notSimulated : CODES.unknownMethod);
		}
	}

	/** Reports a fault let leave the queue but kept from the client. */
	recordDroppedInFlight(ids: string[]): void {
		if (this.options.trackIds) for (const id of ids) this.stats.droppedInFlightIds.push(id);
	}

	/**
	 * The answer the call would get, with no side effects: what a `truncatedJson` fault cuts. The
	 * account is looked up without checking the signature (the fault replaces the whole call).
	 */
	preview(fields: Fields): string {
		const sw = this.switches;
		const get = (name: string) => fields.get(name, sw.caseInsensitiveFieldNames);
		const box = this.store.find(get('CorpID') ?? '', get('LoginName') ?? '') ?? this.store.resolve();
		const now = this.now();
		switch (get('Methods')) {
			case 'SmsGetReport': {
				const items = box.reports.peek(sw.maxPerCall, now);
				return renderEnvelope(
					{ code: items.length, message: MESSAGES.SmsGetReport, details: items.map((r) => renderReport(r, sw)) },
					sw,
				);
			}
			case 'SmsGetRecv': {
				const items = box.replies.peek(sw.maxPerCall, now);
				return renderEnvelope(
					{ code: items.length, message: MESSAGES.SmsGetRecv, details: items.map(renderReply) },
					sw,
				);
			}
			case 'SmsGetBalance':
				return this.getBalance(box).body;
			default:
				return renderEnvelope({ code: 0, message: '成功', details: [] }, sw);
		}
	}

	private getReport(box: Mailbox, drop: boolean): CallOutcome {
		const sw = this.switches;
		const items = box.reports.take(sw.maxPerCall, this.now());
		const ids = items.map((r) => r.smsId);
		this.stats.dequeued += ids.length;
		if (this.options.trackIds) {
			for (const id of ids) this.stats.dequeuedIds.push(id);
			if (drop) for (const id of ids) this.stats.droppedInFlightIds.push(id);
		}
		return {
			body: renderEnvelope(
				{ code: items.length, message: MESSAGES.SmsGetReport, details: items.map((r) => renderReport(r, sw)) },
				sw,
			),
			dequeuedIds: ids,
		};
	}

	private getRecv(box: Mailbox, drop: boolean): CallOutcome {
		const sw = this.switches;
		const items = box.replies.take(sw.maxPerCall, this.now());
		this.stats.recvDequeued += items.length;
		if (drop) this.stats.recvDroppedInFlight += items.length;
		return {
			body: renderEnvelope(
				{ code: items.length, message: MESSAGES.SmsGetRecv, details: items.map(renderReply) },
				sw,
			),
			dequeuedIds: [],
		};
	}

	/** Balance as a message count (条) in its own string field; Code 0 means success. */
	private getBalance(box: Mailbox): CallOutcome {
		return {
			body: renderEnvelope(
				{ code: 0, message: MESSAGES.SmsGetBalance, extra: { Balance: String(box.balance) } },
				this.switches,
			),
			dequeuedIds: [],
		};
	}

	private send(box: Mailbox, get: (name: string) => string | undefined): CallOutcome {
		const sw = this.switches;
		const content = get('Content');
		const numbers = (get('PhoneNumbers') ?? '')
			.split(',')
			.map((n) => n.trim())
			.filter((n) => n !== '');
		if (numbers.length === 0 || !content) return this.failure(CODES.missingField);
		if (numbers.length > 50) return this.failure(CODES.tooManyNumbers);
		if (!numbers.every((n) => MOBILE.test(n))) return this.failure(CODES.badPhoneNumber);
		// Characters as a person counts them (code points), not UTF-16 units.
		const length = [...content].length;
		if (length > 900) return this.failure(CODES.contentTooLong);
		const long = get('LongSms') !== '0';
		const parts = long ? (length < 70 ? 1 : Math.ceil(length / 67)) : Math.ceil(length / 70);
		const cost = parts * numbers.length;
		if (box.balance < cost) return this.failure(CODES.noBalance);
		box.balance -= cost;

		const now = this.now();
		const timer = get('TimerSend') ? parseBeijingDateTime(get('TimerSend') as string) : undefined;
		const start = timer !== undefined && timer > now ? timer : now;
		const outcome = { deliveredRatio: sw.deliveredRatio };
		const details: string[] = [];
		for (const phone of numbers) {
			const smsId = this.ids.next();
			const visibleAt = Math.round(start + sw.reportDelayMs + this.prng.next() * sw.reportDelayJitterMs);
			box.reports.push(this.factory.report(smsId, phone, visibleAt, outcome), visibleAt, now);
			if (sw.replyRatio > 0 && this.prng.next() < sw.replyRatio) {
				const replyAt = visibleAt + sw.reportDelayMs;
				box.replies.push(this.factory.reply(phone, replyAt), replyAt, now);
			}
			details.push(renderSent(phone, smsId));
		}
		this.stats.sent += numbers.length;
		return {
			body: renderEnvelope({ code: numbers.length, message: MESSAGES.SmsSend, details }, sw),
			dequeuedIds: [],
		};
	}
}
