import type { IncomingMessage, ServerResponse } from 'http';
import type { MobsetSimulator } from './api';
import { secretKey } from './auth';
import { CONTROL_PREFIX, send } from './server';
import { beijingTimestamp } from './time';
import type {
	Account,
	AccountRef,
	FailureRule,
	FaultSpec,
	ReplySpec,
	ReportSpec,
	SeedOptions,
	Switches,
	TemplateSpec,
} from './types';

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function parseJson(body: Buffer): Record<string, unknown> {
	if (body.length === 0) return {};
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		throw new HttpError(400, 'Body must be JSON');
	}
}

/**
 * `/_sim/...` JSON endpoints for tools outside the test process (end-to-end scripts, curl): one
 * route per method of `MobsetSimulator` (api.ts), plus `/state` and `/sign` for people.
 * The HTTP verbs are loose on purpose (POST/PUT/PATCH all set) to keep curl use easy.
 */
export function controlHandler(target: MobsetSimulator) {
	return (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void => {
		const json = (status: number, value: unknown) =>
			send(res, status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(value));
		try {
			json(200, route(target, req.method ?? 'GET', url, parseJson(body)));
		} catch (error) {
			json(error instanceof HttpError ? error.status : 400, { error: error?.message ?? String(error) });
		}
	};
}

function route(target: MobsetSimulator, verb: string, url: URL, body: Record<string, unknown>): unknown {
	const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/';
	const reading = verb === 'GET' || verb === 'HEAD';
	const writing = verb === 'POST' || verb === 'PUT' || verb === 'PATCH';
	const ids = url.searchParams.get('ids') !== '0';

	switch (path) {
		case '/':
		case '/state':
			if (!reading) break;
			return {
				url: target.url,
				origin: target.origin,
				accounts: target.accounts(),
				switches: target.switches(),
				faults: target.faults(),
				latency: target.latency(),
				failureRule: target.failureRule() ?? null,
				counters: target.counters({ ids: false }),
			};
		case '/counters':
			if (!reading) break;
			return target.counters({ ids });
		case '/reports': {
			if (!writing) break;
			const { count, reports, returnReports, ...options } = body as {
				count?: number;
				reports?: ReportSpec[];
				returnReports?: boolean;
			} & SeedOptions;
			const queued = target.seedReports(reports ?? count ?? 0, options);
			// A benchmark seeding 100k reports should not get a 15 MB answer it did not ask for.
			if (returnReports ?? queued.length <= 10000) return { count: queued.length, reports: queued };
			return { count: queued.length, firstSmsId: queued[0]?.smsId, lastSmsId: queued[queued.length - 1]?.smsId };
		}
		case '/replies': {
			if (!writing) break;
			const { count, replies, ...options } = body as { count?: number; replies?: ReplySpec[] } & SeedOptions;
			const queued = target.seedReplies(replies ?? count ?? 0, options);
			return { count: queued.length, replies: queued };
		}
		case '/failure-rule':
			if (verb === 'DELETE') target.setFailureRule(undefined);
			else if (writing) target.setFailureRule(body as FailureRule);
			else if (!reading) break;
			return { rule: target.failureRule() ?? null };
		case '/templates': {
			if (writing) {
				const { templates, account } = body as { templates?: TemplateSpec[]; account?: AccountRef };
				return { templates: target.seedTemplates(templates ?? [], { account }) };
			}
			if (!reading) break;
			const corpId = url.searchParams.get('CorpID');
			const loginName = url.searchParams.get('LoginName');
			const account = corpId && loginName ? { corpId, loginName } : undefined;
			return { templates: target.templates({ account }) };
		}
		case '/switches':
			if (writing) target.setSwitches(body as Partial<Switches>);
			else if (!reading) break;
			return target.switches();
		case '/faults':
			if (verb === 'DELETE') target.clearFaults();
			else if (writing) target.injectFault(body as unknown as FaultSpec | FaultSpec[]);
			else if (!reading) break;
			return { faults: target.faults() };
		case '/latency':
			if (writing) target.setLatency(Number(body.ms ?? 0), Number(body.jitterMs ?? 0));
			else if (!reading) break;
			return target.latency();
		case '/reset':
			if (!writing) break;
			target.reset();
			return { ok: true };
		case '/accounts':
			if (writing) target.addAccount(body as unknown as Account);
			else if (!reading) break;
			return { accounts: target.accounts() };
		case '/feed':
			if (!writing) break;
			target.startFeed(Number(body.reportsPerMinute ?? body.perMinute ?? 0));
			return { ok: true };
		case '/sign':
			if (!reading) break;
			return sign(target, url.searchParams);
		default:
			throw new HttpError(404, `No control endpoint ${url.pathname}`);
	}
	throw new HttpError(405, `${verb} not allowed on ${url.pathname}`);
}

/** Ready-made auth fields for a manual curl session (the demo account unless one is named). */
function sign(target: MobsetSimulator, query: URLSearchParams): Record<string, string> {
	const corpId = query.get('CorpID') ?? target.accounts()[0].corpId;
	const loginName = query.get('LoginName') ?? target.accounts()[0].loginName;
	const account = target
		.accounts()
		.find((a) => a.corpId === corpId && a.loginName.toLowerCase() === loginName.toLowerCase());
	if (!account) throw new HttpError(404, `Unknown account ${corpId}/${loginName}`);
	const timeStamp = beijingTimestamp();
	const fields = {
		CorpID: corpId,
		LoginName: loginName,
		TimeStamp: timeStamp,
		SecretKey: secretKey(corpId, account.password, timeStamp),
		Methods: query.get('Methods') ?? 'SmsGetReport',
	};
	return { ...fields, query: new URLSearchParams(fields).toString() };
}
