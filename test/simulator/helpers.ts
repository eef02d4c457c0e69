import { createHash } from 'crypto';
import { Agent, request, type Dispatcher } from 'undici';
import { startSimulator, type Account, type MobsetSimulator, type SimulatorOptions } from '../../tools/simulator';

/**
 * One simulator for the enclosing `describe` (or file): started before its tests, closed after
 * them, and by default reset before each test so every test starts from empty queues and fresh
 * counters. The returned object stands for the running simulator, so tests call it directly.
 */
export function useSimulator(options: SimulatorOptions & { resetEach?: boolean } = {}): MobsetSimulator {
	const { resetEach = true, ...startOptions } = options;
	let current: MobsetSimulator | undefined;
	beforeAll(async () => {
		current = await startSimulator(startOptions);
	});
	afterAll(async () => {
		await current?.close();
		current = undefined;
	});
	if (resetEach) beforeEach(() => running().reset());
	const running = () => {
		if (!current) throw new Error('The simulator runs only inside the tests of the describe that called useSimulator');
		return current;
	};
	return new Proxy({} as MobsetSimulator, {
		get(_, key) {
			const sim = running();
			const value = Reflect.get(sim, key, sim);
			return typeof value === 'function' ? value.bind(sim) : value;
		},
	});
}

/** A simulator for one test alone (another seed, start-up option...): closed whatever happens. */
export async function withSimulator<T>(options: SimulatorOptions, body: (sim: MobsetSimulator) => Promise<T> | T): Promise<T> {
	const sim = await startSimulator(options);
	try {
		return await body(sim);
	} finally {
		await sim.close();
	}
}

/**
 * Test-side client for the simulator. It signs with its own MD5 rather than the project's
 * signing helper, so a bug there cannot hide in both the server and the tests.
 */
export const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** `YYYYMMDDHHMMSS` in Beijing time, `offsetMs` away from now. */
export function beijingStamp(offsetMs = 0, now = Date.now()): string {
	return new Date(now + offsetMs + 8 * 3600 * 1000).toISOString().replace(/\D/g, '').slice(0, 14);
}

export function signed(
	account: Pick<Account, 'corpId' | 'loginName' | 'password'>,
	method: string,
	options: { offsetMs?: number; timeStamp?: string; upper?: boolean } = {},
): Record<string, string> {
	const timeStamp = options.timeStamp ?? beijingStamp(options.offsetMs ?? 0);
	const key = md5(account.corpId + account.password + timeStamp);
	return {
		CorpID: account.corpId,
		LoginName: account.loginName,
		TimeStamp: timeStamp,
		SecretKey: options.upper ? key.toUpperCase() : key,
		Methods: method,
	};
}

/**
 * A parsed JSON answer, loose on purpose: each test states the shape it expects in its
 * assertions, and a wrong expectation fails there with the actual JSON in the message.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions are the types
export type Json = any;

export interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** Raw body bytes (the text may hold replacement characters where a cut split one). */
	bytes: Buffer;
	/** Parsed body, or undefined when it is not JSON. */
	json: Json;
}

export interface CallOptions {
	/** POST form body (default), GET query, or fields split between both. */
	via?: 'POST' | 'GET';
	query?: Record<string, string>;
	path?: string;
	dispatcher?: Dispatcher;
	headersTimeout?: number;
	signal?: AbortSignal;
}

export async function call(sim: MobsetSimulator, fields: Record<string, string>, options: CallOptions = {}): Promise<Answer> {
	const via = options.via ?? 'POST';
	const query = new URLSearchParams(via === 'GET' ? { ...options.query, ...fields } : options.query ?? {});
	const url = `${sim.origin}${options.path ?? '/SDK3/Sms'}${query.size > 0 ? `?${query}` : ''}`;
	const res = await request(url, {
		method: via,
		dispatcher: options.dispatcher,
		headersTimeout: options.headersTimeout,
		signal: options.signal,
		...(via === 'POST'
			? {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams(fields).toString(),
				}
			: {}),
	});
	const bytes = Buffer.from(await res.body.arrayBuffer());
	const text = bytes.toString('utf8');
	let json: Json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, headers: res.headers, text, bytes, json };
}

export const getReport = (sim: MobsetSimulator, options?: CallOptions) =>
	call(sim, signed(sim.account, 'SmsGetReport'), options);

/** Pulls until an empty answer; returns every id in the order received. */
export async function drain(sim: MobsetSimulator, options?: CallOptions): Promise<string[]> {
	const ids: string[] = [];
	for (;;) {
		const { json } = await getReport(sim, options);
		const count = Number(json.Code);
		if (!(count > 0)) return ids;
		for (const item of json.Details) ids.push(item.SmsId);
	}
}

/** Control-interface call; JSON in and out. */
export async function control(
	sim: MobsetSimulator,
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
	path: string,
	body?: unknown,
	dispatcher?: Dispatcher,
): Promise<{ status: number; json: Json }> {
	const res = await request(`${sim.origin}${path}`, {
		method,
		dispatcher,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.body.text();
	return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fresh agent per test file so pooled sockets never outlive a closed simulator. */
export const newAgent = () => new Agent({ keepAliveTimeout: 1000 });
