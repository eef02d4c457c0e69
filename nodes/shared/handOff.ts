// At-least-once hand-off for the polling triggers. Mobset hands each report (and reply) out once,
// so what a poll fetched exists nowhere else until the execution carrying it has finished: if that
// execution dies (a queue-mode worker killed mid-run, a node type missing on the worker, the main
// restarting), n8n marks it failed and keeps no copy. The trigger therefore keeps every batch it
// handed over, in the workflow's static data, until n8n says the execution finished, and hands it
// over again otherwise.
//
// How n8n says so: `__emit(data, responsePromise, donePromise)`. n8n 2.41.1
// (`trigger-execution-context.factory.js`, `settleDonePromise`) resolves the done promise with the
// execution's run once the main's record of it is final (in queue mode after the worker's job ended,
// or after the stalled-job check failed it), resolves it with `undefined` when no execution was
// created, and rejects it when the execution could not be started or was cancelled.
//
// Except when the main never learns the end. In queue mode it waits for the job with bull's
// `job.finished()`, called only after enqueuing the job and running its before-execution hooks,
// which looks the job up in bull's finished and failed sets and otherwise waits for its end event.
// n8n keeps no ended job in those sets (queue retention 0), so a job that ended before the main
// started waiting is in neither and its end event has passed: the done promise stays pending for
// good. A worker without this package fails a job within milliseconds, inside that gap. Nothing a
// trigger can reach shows the execution's state, so the Confirmation Timeout option decides for
// those: a batch not confirmed within it is handed over again.
import { randomUUID } from 'node:crypto';
import type { IDataObject, INodeExecutionData, IPollFunctions, IRun } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { PAGE_SIZE } from '../protocol/drain';
import { readHandOffOptions } from './options';

/** The most items kept waiting for confirmation; polls fetch nothing new while it is reached. */
export const UNCONFIRMED_LIMIT = 10_000;

/** Where the unconfirmed batches live in the node's static data. */
const FIELD = 'unconfirmed';

export type RedeliverAfter = 'anyFailure' | 'lostExecution';
export const REDELIVER_AFTER: readonly RedeliverAfter[] = ['anyFailure', 'lostExecution'];

/** What became of the execution carrying a batch, as far as this process knows. */
type Outcome = 'pending' | 'succeeded' | 'failedInWorkflow' | 'lost';

/** Why a batch is handed over again (said in the log line). */
type Reason = 'failedInWorkflow' | 'lost' | 'timedOut' | 'earlierProcess';

interface Batch {
	id: string;
	/** Epoch milliseconds of the hand-over. */
	handedOutAt: number;
	/** The items exactly as they were emitted. */
	items: IDataObject[];
}

/**
 * Outcomes of the batches this process handed over, by batch id. Module state on purpose: it must
 * outlive a poll's context (n8n settles the done promise long after the poll returned) and must
 * not outlive the process. A batch in the static data that this map does not know was handed over
 * by an earlier process (the main restarted, or another main led): its execution's outcome can
 * never be learnt, so it is handed over again at once.
 */
const outcomes = new Map<string, Outcome>();

/** Batches due again that did not fit in the last poll's execution, with why they are due. */
const carriedOver = new Map<string, Reason>();

/** A run that finished or is parked on a Wait node holds its items in n8n's database: confirmed. */
export function outcomeOf(run: IRun | undefined): Exclude<Outcome, 'pending'> {
	if (!run) return 'lost';
	if (run.status === 'success' || run.status === 'waiting') return 'succeeded';
	// A node of the workflow ran and failed (lastNodeExecuted). A killed worker's run, as the main
	// records it after the stalled-job check, a missing node type and a crash carry none.
	if (run.status === 'error' && run.data?.resultData?.lastNodeExecuted) return 'failedInWorkflow';
	return 'lost';
}

function storedBatches(staticData: IDataObject): Batch[] {
	const stored = staticData[FIELD];
	if (!Array.isArray(stored)) return [];
	return (stored as Batch[]).filter(
		(batch) => batch && typeof batch.id === 'string' && Array.isArray(batch.items) && typeof batch.handedOutAt === 'number',
	);
}

const countItems = (batches: Batch[]) => batches.reduce((total, batch) => total + batch.items.length, 0);

/** The item as it goes out again: marked, with how many times it has now been handed over. */
function redeliveredItem(item: IDataObject): IDataObject {
	const attempt = typeof item.deliveryAttempt === 'number' ? item.deliveryAttempt : 1;
	return { ...deepCopy(item), redelivered: true, deliveryAttempt: attempt + 1 };
}

export interface HandOffOptions {
	/** The node's own name in log lines, e.g. "Mobset SMS Reports Trigger". */
	label: string;
	/** What the items are, plural ("reports"). */
	noun: string;
	/** Max … per Poll: no execution carries more, redelivered items included (see `freshRoom`). */
	maxPerPoll: number;
	redeliverAfter: RedeliverAfter;
	/**
	 * A batch whose execution has not reported back after this long is handed over again, at the
	 * cost of a duplicate when the execution really runs longer.
	 */
	confirmationTimeoutMs: number;
}

export interface HandOff {
	/** Items handed over again by this poll, marked `redelivered` and `deliveryAttempt`. */
	redelivered: IDataObject[];
	/**
	 * How many new items this poll may fetch; 0 means fetch nothing. A drain may make its first call
	 * whatever its limit, so this is 0 whenever less than a page fits.
	 */
	freshRoom: number;
	/** Emits the redelivered and the fresh items as one execution and keeps them until it is confirmed. */
	emit(fresh: IDataObject[]): void;
}

/**
 * Starts a poll's hand-off: forgets the batches whose execution succeeded (or, with "Lost
 * Executions Only", failed inside the workflow), picks the batches to hand over again, and works
 * out how much room is left for new items. Only called inside `poll()` in trigger mode: n8n saves
 * the static data when `emit` hands the items over.
 */
export function beginHandOff(context: IPollFunctions, options: HandOffOptions): HandOff {
	const staticData = context.getWorkflowStaticData('node');
	const now = Date.now();
	const kept: Batch[] = [];
	const due: Array<{ batch: Batch; reason: Reason }> = [];
	for (const batch of storedBatches(staticData)) {
		const outcome = outcomes.get(batch.id);
		const carried = carriedOver.get(batch.id);
		if (carried) {
			carriedOver.delete(batch.id);
			due.push({ batch, reason: carried });
		} else if (outcome === 'succeeded' || (outcome === 'failedInWorkflow' && options.redeliverAfter === 'lostExecution')) {
			outcomes.delete(batch.id);
		} else if (outcome === 'pending' && now - batch.handedOutAt < options.confirmationTimeoutMs) {
			kept.push(batch);
		} else {
			// A late answer for it is ignored from now on: the items go out again under a new batch.
			outcomes.delete(batch.id);
			due.push({ batch, reason: outcome === undefined ? 'earlierProcess' : outcome === 'pending' ? 'timedOut' : outcome });
		}
	}

	// Oldest first, never more than one execution's worth (but at least one batch, so none is stuck).
	const redelivered: IDataObject[] = [];
	const redeliveredFor = new Map<Reason, number>();
	while (due.length > 0 && (redelivered.length === 0 || redelivered.length + due[0].batch.items.length <= options.maxPerPoll)) {
		const { batch, reason } = due.shift()!;
		redelivered.push(...batch.items.map(redeliveredItem));
		redeliveredFor.set(reason, (redeliveredFor.get(reason) ?? 0) + batch.items.length);
	}
	// Batches that did not fit wait for the next poll, which hands them over.
	for (const { batch, reason } of due) {
		carriedOver.set(batch.id, reason);
		kept.push(batch);
	}

	const waiting = countItems(kept) + redelivered.length;
	const limitRoom = UNCONFIRMED_LIMIT - waiting;
	const capRoom = options.maxPerPoll - redelivered.length;
	let freshRoom = Math.min(limitRoom, capRoom);
	if (limitRoom < PAGE_SIZE || (redelivered.length > 0 && capRoom < PAGE_SIZE)) freshRoom = 0;

	if (redelivered.length > 0) {
		const minutes = Math.round(options.confirmationTimeoutMs / 60_000);
		const why: Record<Reason, string> = {
			failedInWorkflow: 'a node of the workflow failed',
			lost: 'the execution never ran to an end (a worker killed, a node type missing, a crash or a cancel)',
			timedOut: `n8n did not report back within the Confirmation Timeout (${minutes} minute${minutes === 1 ? '' : 's'})`,
			earlierProcess: 'they were handed over before this n8n process started, which cannot learn how that ended',
		};
		const reasons = [...redeliveredFor].map(([reason, count]) => `${count} because ${why[reason]}`).join('; ');
		context.logger.warn(
			`${options.label}: handing over again ${redelivered.length} ${options.noun} whose execution did not confirm them: ${reasons}.`,
		);
	}
	if (limitRoom < PAGE_SIZE) {
		context.logger.warn(
			`${options.label}: ${waiting.toLocaleString('en-US')} ${options.noun} are waiting for their executions to finish (at most ${UNCONFIRMED_LIMIT.toLocaleString('en-US')} are kept), so this poll fetches nothing new; the rest wait on Mobset.`,
		);
	}

	return {
		redelivered,
		freshRoom: Math.max(0, freshRoom),
		emit(fresh: IDataObject[]) {
			const items = [...redelivered, ...fresh];
			if (items.length === 0) {
				// Nothing to hand over: forget what was confirmed. n8n writes this with the next emit.
				if (kept.length === 0) delete staticData[FIELD];
				else staticData[FIELD] = kept;
				return;
			}
			// A copy: in regular mode the execution runs on these very objects and may change them.
			const batch: Batch = { id: randomUUID(), handedOutAt: Date.now(), items: deepCopy(items) };
			// Stored before the emit: n8n saves the static data as it starts the execution.
			staticData[FIELD] = [...kept, batch];
			outcomes.set(batch.id, 'pending');
			const done = context.helpers.createDeferredPromise<IRun | undefined>();
			const settle = (outcome: Exclude<Outcome, 'pending'>) => {
				// Only a batch still waiting takes an answer: one handed over again has a new id.
				if (outcomes.get(batch.id) === 'pending') outcomes.set(batch.id, outcome);
			};
			done.promise.then(
				(run) => settle(outcomeOf(run)),
				() => settle('lost'),
			);
			const data: INodeExecutionData[][] = [items.map((json) => ({ json }))];
			context.__emit(data, undefined, done);
		},
	};
}

/**
 * A poll of a trigger that fetches from a one-shot queue: `fetch(room)` returns up to `room` new
 * items (everything it took off the queue). In trigger mode the items go out through the hand-off
 * and the poll returns null, so n8n's poller emits nothing more; a test run from the editor returns
 * them as a poll always did (the editor confirms nothing, so nothing is kept for it).
 */
export async function pollAndHandOver(
	context: IPollFunctions,
	options: Omit<HandOffOptions, 'redeliverAfter' | 'confirmationTimeoutMs'>,
	fetch: (room: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][] | null> {
	if (context.getMode() === 'manual') {
		const items = await fetch(options.maxPerPoll);
		return items.length === 0 ? null : [items.map((json) => ({ json }))];
	}
	const handOff = beginHandOff(context, { ...options, ...readHandOffOptions(context) });
	let fresh: IDataObject[] = [];
	let failure: unknown;
	try {
		if (handOff.freshRoom > 0) fresh = await fetch(handOff.freshRoom);
	} catch (error) {
		failure = error;
	}
	// Redelivered items go out even when fetching new ones failed; n8n then records the failure.
	handOff.emit(fresh);
	if (failure) throw failure;
	return null;
}
