// Mobset hands out reports and replies from a queue, each once, up to a page per call. The drain
// decides how many calls to make; it knows nothing of HTTP or of n8n, only of pages.
import { fieldOf, type MobsetRecord } from './answer';

/** SmsGetReport (and SmsGetRecv) hand out at most this many records per call. */
export const PAGE_SIZE = 50;

/**
 * One call's outcome. A failed call still carries the records that could be recovered from its
 * broken answer: they have already left Mobset's queue.
 */
export type PageResult<E> = { ok: true; records: MobsetRecord[] } | { ok: false; error: E; salvaged: MobsetRecord[] };

export interface DrainOptions<E> {
	/** Stop before a call that could take the total past this; Infinity drains the queue. */
	maxRecords: number;
	/** Makes one call; must never throw (a thrown error is re-thrown after the calls in flight settle). */
	fetchPage: () => Promise<PageResult<E>>;
	/** Milliseconds left for this run, when the host sets a deadline (n8n's poll budget). */
	budgetLeftMs?: () => number | undefined;
	/** Calls in flight at once while a backlog lasts (default 1). */
	parallel?: number;
	/**
	 * The error for a page that repeats the page before it (see `repeatsPage`); the repeated page is
	 * not returned again and the drain stops. Without it, pages are not compared.
	 */
	repeatedPage?: (records: number) => E;
}

export interface DrainResult<E> {
	records: MobsetRecord[];
	calls: number;
	/** Set when a call failed; `records` still holds everything fetched before and recovered from it. */
	error?: E;
	stoppedBy: 'empty' | 'limit' | 'budget' | 'error';
}

/** A record's identity: its id and status, or `undefined` when it has no readable id. */
function identity(record: MobsetRecord): string | undefined {
	const id = fieldOf(record, 'SmsId');
	if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') return undefined;
	return `${String(id).trim()}\u0000${JSON.stringify(fieldOf(record, 'Status') ?? null)}`;
}

/**
 * Mobset hands each record out once, so a page holding exactly the records of the page before it
 * (same ids, same statuses, same order) was not freshly handed out: a cache between n8n and Mobset
 * is answering. Pages whose records have no ids cannot be compared and never count as repeats.
 */
export function repeatsPage(page: MobsetRecord[], previous: MobsetRecord[] | undefined): boolean {
	if (!previous || page.length === 0 || page.length !== previous.length) return false;
	return page.every((record, index) => {
		const key = identity(record);
		return key !== undefined && key === identity(previous[index]);
	});
}

interface Settled<E> {
	index: number;
	result?: PageResult<E>;
	thrown?: unknown;
	ms: number;
}

/**
 * Calls until a call hands out nothing (the queue is empty), the limit is reached, the time budget
 * runs short, or a call fails. Mobset only promises "at most 50 per call", so a short page does
 * not prove the queue empty: only an empty one does, at the cost of one more call per drain.
 * Every call removes its records from the service, so everything fetched is returned, including
 * when a later call fails.
 *
 * With `parallel` above 1, up to that many calls are in flight at once, but only after a full
 * page has shown there is a backlog; a short page goes back to one call at a time, so a poll of a
 * near-empty queue still costs two calls. The rules stay those of one call at a time: a call is
 * only made if every call then in flight could bring a full page without passing the limit; after
 * an empty page or an error no new call starts, but the calls already in flight are awaited and
 * all they brought is kept; records come out in the order the calls were made.
 */
export async function drainPages<E>({
	maxRecords,
	fetchPage,
	budgetLeftMs,
	parallel = 1,
	repeatedPage,
}: DrainOptions<E>): Promise<DrainResult<E>> {
	/** What each call brought, and what of it is returned (a repeated page is not). */
	const answered: MobsetRecord[][] = [];
	const pages: MobsetRecord[][] = [];
	const inFlight = new Map<number, Promise<Settled<E>>>();
	let calls = 0;
	let received = 0;
	let slowestCallMs = 0;
	let width = 1;
	let finished: 'empty' | 'error' | undefined;
	let error: { index: number; error: E } | undefined;
	let thrown: { index: number; thrown: unknown } | undefined;

	const fail = (index: number, failure: E) => {
		// Of several failures, the earliest call's explains what happened first.
		if (!error || index < error.index) error = { index, error: failure };
		finished = 'error';
	};

	// A page can hold up to PAGE_SIZE records and cannot be asked for fewer: calling when less
	// room is left would fetch records the caller would then have to drop.
	const roomFor = (callsInFlight: number) => calls === 0 || received + callsInFlight * PAGE_SIZE <= maxRecords;
	const budgetAllows = () => {
		const budget = calls === 0 ? undefined : budgetLeftMs?.();
		return budget === undefined || budget >= slowestCallMs * 2;
	};

	const start = () => {
		const index = calls++;
		const started = Date.now();
		const settle = (outcome: Omit<Settled<E>, 'index' | 'ms'>): Settled<E> => ({ index, ms: Date.now() - started, ...outcome });
		inFlight.set(
			index,
			fetchPage().then(
				(result) => settle({ result }),
				(failure: unknown) => settle({ thrown: failure }),
			),
		);
	};

	for (;;) {
		while (!finished && inFlight.size < width && roomFor(inFlight.size + 1) && budgetAllows()) start();
		if (inFlight.size === 0) break;

		const settled = await Promise.race(inFlight.values());
		inFlight.delete(settled.index);
		slowestCallMs = Math.max(slowestCallMs, settled.ms);
		const { result, index } = settled;
		if (!result) {
			if (!thrown || index < thrown.index) thrown = { index, thrown: settled.thrown };
			finished = 'error';
			continue;
		}
		const page = result.ok ? result.records : result.salvaged;
		answered[index] = page;
		pages[index] = page;
		received += page.length;
		if (!result.ok) fail(index, result.error);
		else if (page.length === 0) finished ??= 'empty';
		else if (page.length < PAGE_SIZE) width = 1;
		else width = Math.max(1, parallel);
		// Compared with both neighbours as answered: with calls in flight together they settle in any order.
		for (const later of [index, index + 1]) {
			if (repeatedPage && pages[later]?.length && repeatsPage(answered[later], answered[later - 1])) {
				received -= pages[later].length;
				pages[later] = [];
				fail(later, repeatedPage(answered[later].length));
			}
		}
	}

	if (thrown) throw thrown.thrown;
	const records: MobsetRecord[] = [];
	for (const page of pages) if (page) for (const record of page) records.push(record);
	if (error) return { records, calls, error: error.error, stoppedBy: 'error' };
	const stoppedBy = finished ?? (roomFor(1) ? 'budget' : 'limit');
	return { records, calls, stoppedBy };
}
