import { authenticate } from './auth';
import { CODES, MESSAGES, type Failure } from './codes';
import {
	renderEnvelope,
	renderFields,
	renderRecord,
	renderReply,
	renderReport,
	renderSent,
	templateFields,
} from './envelope';
import { FaultQueue } from './faults';
import type { Fields } from './fields';
import { SmsIdGenerator } from './ids';
import { Prng, streamSeed } from './prng';
import { ReportFactory } from './reportFactory';
import { bareNumber, isFailure, readSmsSend, readTemplateAdd, readTemplateSend, type SendOrder } from './sending';
import { Store, type Mailbox } from './store';
import { beijingDateTime } from './time';
import type {
	Account,
	AccountRef,
	Counters,
	FailureRule,
	RawReply,
	RawReport,
	RawTemplate,
	ReplySeedOptions,
	ReplySpec,
	ReportSpec,
	SeedOptions,
	SendRecord,
	Switches,
	TemplateSpec,
} from './types';

export interface EngineOptions {
	seed: number;
	accounts: Account[];
	switches: Switches;
	/** Keep every dequeued id and send record in the counters (a long `--feed` run may turn it off). */
	trackIds: boolean;
	/** Start-up failure rule (also what reset() returns to). */
	failureRule?: FailureRule;
}

/** Methods the protocol names but the simulator does not model: answered with -98, not -99. */
const NOT_SIMULATED = new Set(['SignNameApply']);

/** The first id TemplateAdd hands out: the provider's own example id. */
const FIRST_TEMPLATE_ID = 10110;

const DEFAULT_SIGN = '短信易';

export interface CallOutcome {
	body: string;
	/** Report ids this call removed from the queue. */
	dequeuedIds: string[];
	/** The send this call made, if it was an accepted send. */
	send?: SendRecord;
}

const emptyCounters = (): Omit<Counters, 'queued' | 'queuedVisible' | 'recvQueued' | 'balances' | 'templates'> => ({
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
	templateSent: 0,
	accepted: 0,
	segmentsCharged: 0,
	sends: [],
	refusedByCode: {},
	faultsFired: {},
	callsInProgress: 0,
	maxConcurrentCalls: 0,
});

const checkRule = (rule: FailureRule): FailureRule => {
	if (!rule || typeof rule !== 'object' || Array.isArray(rule)) throw new Error('A failure rule must be an object');
	for (const key of Object.keys(rule)) {
		if (!['numbers', 'suffixes', 'exStatus'].includes(key)) throw new Error(`Unknown failure rule field ${key}`);
	}
	for (const key of ['numbers', 'suffixes'] as const) {
		const list = rule[key];
		if (list !== undefined && !(Array.isArray(list) && list.every((n) => typeof n === 'string' && /^\+?\d+$/.test(n)))) {
			throw new Error(`Failure rule ${key} must be a list of digit strings`);
		}
	}
	if (rule.exStatus !== undefined && (typeof rule.exStatus !== 'string' || rule.exStatus === '')) {
		throw new Error('Failure rule exStatus must be a non-empty string');
	}
	return { ...rule, numbers: rule.numbers?.map(bareNumber), suffixes: rule.suffixes?.slice() };
};

/**
 * Everything the simulator knows and does, free of HTTP: accounts and queues, switches, faults,
 * counters, and the SDK3 methods. The server only moves bytes and executes transport faults.
 */
export class Engine {
	readonly store: Store;
	switches: Switches;
	faults: FaultQueue;
	latency = { ms: 0, jitterMs: 0 };
	private stats = emptyCounters();
	private rule?: FailureRule;
	private prng!: Prng;
	private latencyPrng!: Prng;
	private factory!: ReportFactory;
	/** Not re-seeded on reset: ids stay unique for the simulator's whole life. */
	private readonly ids: SmsIdGenerator;
	private nextTemplateId = FIRST_TEMPLATE_ID;

	constructor(private readonly options: EngineOptions) {
		this.store = new Store(options.accounts);
		this.switches = { ...options.switches };
		this.faults = new FaultQueue(options.seed);
		this.ids = new SmsIdGenerator(new Prng(streamSeed(options.seed, 1)));
		this.rule = options.failureRule && checkRule(options.failureRule);
		this.reseed();
	}

	now(): number {
		return Date.now() + this.switches.clockOffsetMs;
	}

	/** Empties queues, templates, counters, faults; restores switches, latency, failure rule and the outcome PRNG. */
	reset(): void {
		this.store.clear();
		this.stats = emptyCounters();
		this.switches = { ...this.options.switches };
		this.faults = new FaultQueue(this.options.seed);
		this.latency = { ms: 0, jitterMs: 0 };
		this.rule = this.options.failureRule && checkRule(this.options.failureRule);
		this.reseed();
	}

	private reseed(): void {
		this.prng = new Prng(streamSeed(this.options.seed, 2));
		this.latencyPrng = new Prng(streamSeed(this.options.seed, 3));
		this.factory = new ReportFactory(this.prng);
	}

	failureRule(): FailureRule | undefined {
		return this.rule && structuredClone(this.rule);
	}

	setFailureRule(rule: FailureRule | undefined): void {
		this.rule = rule === undefined || rule === null ? undefined : checkRule(rule);
	}

	// ---- counters -------------------------------------------------------------------------

	countConnection(): void {
		this.stats.connections++;
	}

	/** An SDK3 call is being handled from now until its answer is finished or abandoned. */
	callStarted(): void {
		this.stats.callsInProgress++;
		this.stats.maxConcurrentCalls = Math.max(this.stats.maxConcurrentCalls, this.stats.callsInProgress);
	}

	callEnded(): void {
		this.stats.callsInProgress = Math.max(0, this.stats.callsInProgress - 1);
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
		let templates = 0;
		const balances: Record<string, number> = {};
		const now = this.now();
		for (const box of this.store.all()) {
			queued += box.reports.size;
			queuedVisible += box.reports.visibleCount(now);
			recvQueued += box.replies.size;
			templates += box.templates.size;
			balances[Store.label(box)] = box.balance;
		}
		return {
			...s,
			requestsByMethod: { ...s.requestsByMethod },
			requestsByHttpMethod: { ...s.requestsByHttpMethod },
			faultsFired: { ...s.faultsFired },
			refusedByCode: { ...s.refusedByCode },
			dequeuedIds: includeIds ? s.dequeuedIds.slice() : [],
			droppedInFlightIds: includeIds ? s.droppedInFlightIds.slice() : [],
			sends: includeIds ? structuredClone(s.sends) : [],
			queued,
			queuedVisible,
			recvQueued,
			balances,
			templates,
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

	/** Adds templates (or replaces those whose templateId exists); unset fields get defaults. */
	seedTemplates(specs: TemplateSpec[], account?: AccountRef): RawTemplate[] {
		const box = this.store.resolve(account);
		return specs.map((spec) => {
			if (typeof spec?.templateContent !== 'string') throw new Error('A template needs templateContent');
			const templateId = spec.templateId ?? String(this.nextTemplateId++);
			// An explicit numeric id must not be handed out again by TemplateAdd.
			if (/^\d+$/.test(templateId)) this.nextTemplateId = Math.max(this.nextTemplateId, Number(templateId) + 1);
			const template: RawTemplate = {
				templateId,
				templateType: spec.templateType ?? '1',
				templateName: spec.templateName ?? `模板${templateId}`,
				templateContent: spec.templateContent,
				remark: spec.remark ?? '',
				status: spec.status ?? '1',
				createTime: spec.createTime ?? beijingDateTime(this.now()),
			};
			box.templates.set(templateId, template);
			return { ...template };
		});
	}

	templates(account?: AccountRef): RawTemplate[] {
		return [...this.store.resolve(account).templates.values()].map((t) => ({ ...t }));
	}

	// ---- SDK3 calls -----------------------------------------------------------------------

	private countRefusal(failure: Failure): void {
		const key = String(failure.code);
		this.stats.refusedByCode[key] = (this.stats.refusedByCode[key] ?? 0) + 1;
	}

	private failure(failure: Failure): CallOutcome {
		this.countRefusal(failure);
		return { body: renderEnvelope(failure, this.switches), dequeuedIds: [] };
	}

	/** The answer of a fault that imitates a refusal (not counted as a refusal). */
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
		const box = auth.box;
		const method = get('Methods') as string;
		switch (method) {
			case 'SmsGetReport':
				return this.getReport(box, drop);
			case 'SmsGetRecv':
				return this.getRecv(box, drop);
			case 'SmsGetBalance':
				return this.answer(renderRecord(0, MESSAGES.SmsGetBalance, { Balance: String(box.balance) }, sw));
			case 'SmsGetSign':
				return this.answer(renderRecord(0, MESSAGES.SmsGetSign, { Sign: box.account.sign ?? DEFAULT_SIGN }, sw));
			case 'SmsSend':
				return this.send(box, 'SmsSend', readSmsSend(get), drop);
			case 'TemplateSendSms':
				return this.send(box, 'TemplateSendSms', readTemplateSend(get, fields, (id) => box.templates.get(id)), drop);
			case 'TemplateAdd':
				return this.templateAdd(box, get);
			case 'TemplateQuery':
				return this.templateQuery(box, get('TemplateID'));
			case 'TemplateList': {
				const items = [...box.templates.values()].map((t) => renderFields(templateFields(t), sw));
				return this.answer(renderEnvelope({ code: items.length, message: MESSAGES.TemplateList, details: items }, sw));
			}
			default:
				return this.failure(NOT_SIMULATED.has(method) ? CODES.notSimulated : CODES.unknownMethod);
		}
	}

	/** Reports a fault let leave the queue but kept from the client; a send's answer lost with them. */
	recordLostAnswer(outcome: CallOutcome, lostIds: string[] = outcome.dequeuedIds): void {
		if (this.options.trackIds) for (const id of lostIds) this.stats.droppedInFlightIds.push(id);
		if (outcome.send) outcome.send.answerLost = true;
	}

	private answer(body: string): CallOutcome {
		return { body, dequeuedIds: [] };
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
		return this.answer(
			renderEnvelope({ code: items.length, message: MESSAGES.SmsGetRecv, details: items.map((r) => renderReply(r, sw)) }, sw),
		);
	}

	/**
	 * An accepted send spends `segments` per number, then queues one report per number, visible
	 * `reportDelayMs` (+ jitter) after the send, or after its scheduled time when that is later.
	 */
	private send(box: Mailbox, method: SendRecord['method'], order: SendOrder | Failure, drop: boolean): CallOutcome {
		if (isFailure(order)) return this.failure(order);
		const sw = this.switches;
		const affordable = Math.floor(box.balance / order.segments);
		const short = affordable < order.numbers.length;
		if (short && (sw.noBalance === 'refuseAll' || affordable === 0)) return this.failure(CODES.noBalance);
		if (short) {
			// The legacy API answered -4 followed by what it had already sent: here, the numbers that fit.
			this.countRefusal(CODES.noBalance);
			order = { ...order, numbers: order.numbers.slice(0, affordable) };
		}
		const cost = order.segments * order.numbers.length;
		box.balance -= cost;

		const now = this.now();
		const start = order.sendAt !== undefined && order.sendAt > now ? order.sendAt : now;
		const smsIds: string[] = [];
		for (const phone of order.numbers) {
			const smsId = this.ids.next();
			smsIds.push(smsId);
			const visibleAt = Math.round(start + sw.reportDelayMs + this.prng.next() * sw.reportDelayJitterMs);
			box.reports.push(this.reportFor(smsId, phone, visibleAt), visibleAt, now);
			if (sw.replyRatio > 0 && this.prng.next() < sw.replyRatio) {
				const replyAt = visibleAt + sw.reportDelayMs;
				box.replies.push(this.factory.reply(phone, replyAt), replyAt, now);
			}
		}
		const count = order.numbers.length;
		this.stats[method === 'SmsSend' ? 'sent' : 'templateSent'] += count;
		this.stats.accepted += count;
		this.stats.segmentsCharged += cost;
		const record: SendRecord = {
			method,
			account: Store.label(box),
			numbers: order.numbers.slice(),
			smsIds,
			content: order.content,
			segments: order.segments,
			longSms: order.longSms,
			...(order.timer !== undefined ? { timer: order.timer } : {}),
			...(order.addNum !== undefined ? { addNum: order.addNum } : {}),
			...(order.templateId !== undefined ? { templateId: order.templateId, params: { ...order.params } } : {}),
			answerLost: drop,
		};
		if (this.options.trackIds) this.stats.sends.push(record);
		const details = order.numbers.map((phone, i) => renderSent(phone, smsIds[i], sw));
		const answer = short ? { ...CODES.noBalance, details } : { code: count, message: MESSAGES[method], details };
		return { body: renderEnvelope(answer, sw), dequeuedIds: [], send: record };
	}

	/** With a failure rule, matching numbers fail and all others are delivered; without, it is chance. */
	private reportFor(smsId: string, phone: string, visibleAt: number): RawReport {
		const rule = this.rule;
		if (!rule) return this.factory.report(smsId, phone, visibleAt, { deliveredRatio: this.switches.deliveredRatio });
		const bare = bareNumber(phone);
		const fails = (rule.numbers ?? []).includes(bare) || (rule.suffixes ?? []).some((suffix) => bare.endsWith(suffix));
		const report = this.factory.report(smsId, phone, visibleAt, { deliveredRatio: fails ? 0 : 1 });
		return fails ? { ...report, exStatus: rule.exStatus ?? 'UNDELIV' } : report;
	}

	private templateAdd(box: Mailbox, get: (name: string) => string | undefined): CallOutcome {
		const request = readTemplateAdd(get);
		if (isFailure(request)) return this.failure(request);
		const [template] = this.seedTemplates([{ ...request, status: this.switches.newTemplateStatus }], box.account);
		return this.answer(renderRecord(0, MESSAGES.TemplateAdd, { TemplateID: template.templateId }, this.switches));
	}

	private templateQuery(box: Mailbox, templateId: string | undefined): CallOutcome {
		if (!templateId) return this.failure(CODES.missingField);
		const template = box.templates.get(templateId);
		if (!template) return this.failure(CODES.unknownTemplate);
		return this.answer(renderRecord(0, MESSAGES.TemplateQuery, templateFields(template), this.switches));
	}
}
