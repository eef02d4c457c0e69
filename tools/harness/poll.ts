// Calls a polling trigger's `poll` with a real n8n-core `PollContext`: as an active workflow polls
// on its schedule (PollTriggerExecutor), or as the editor's "Fetch test event".
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IPollFunctions, IRun, Workflow } from 'n8n-workflow';

import type { SignedRequest, TestCredentialsHelper } from './credentialsHelper';
import type { LogLine } from './logCapture';
import { Container } from './n8nCoreDeps';
import { buildWorkflow, capturedLogs, snapshotStaticData, type NodeUnderTestOptions } from './workflow';

export interface PollerOptions extends NodeUnderTestOptions {
	/**
	 * `'trigger'`: as an active workflow polls on its schedule (n8n-core's PollTriggerExecutor; the
	 * static data is saved when items are emitted, as n8n 2.41.1 does: a poll returning null only
	 * commits a durable poll cursor, which is off by default, and saves nothing).
	 * `'manual'`: as the editor's "Fetch test event" (the poll is called directly; nothing saved).
	 */
	mode?: 'trigger' | 'manual';
	/** Whole-workflow static data to start from, e.g. `staticData` of an earlier poll. */
	staticData?: IDataObject;
	/** What `this.getPollBudgetMs()` answers (n8n-core's default is 5 minutes). */
	pollBudgetMs?: number;
}

export interface PollResult {
	/** What `poll()` returned: `null` (no execution) or the items of one execution. */
	result: INodeExecutionData[][] | null;
	/**
	 * The done promise given with the emitted items (a trigger that wants to know when their
	 * execution has finished passes one to `__emit`). Settle it as n8n does: `resolve(run)` with the
	 * execution's run (`outcomeRun` builds one), `resolve(undefined)` when no execution was created,
	 * `reject(error)` when it could not start or was cancelled.
	 */
	done?: DonePromise;
	/** The error `poll()` threw (in trigger mode n8n hands it to `__emitError`). */
	error?: Error;
	/** Workflow static data in memory after the poll (pass it to a later poller to continue). */
	staticData: IDataObject;
	/** This node's part of it (`getWorkflowStaticData('node')`). */
	nodeStaticData: IDataObject;
	/**
	 * The static data n8n would have written to the database by now: taken when a trigger-mode
	 * poll emits items; never for manual polls.
	 */
	savedStaticData?: IDataObject;
	logs: LogLine[];
	signedRequests: SignedRequest[];
}

export type DonePromise = NonNullable<Parameters<IPollFunctions['__emit']>[2]>;

/**
 * A run as n8n 2.41.1 settles a done promise with it: `success`; `error` after a node of the
 * workflow failed (`lastNodeExecuted` set); `error` without a node, as the main records a job whose
 * worker died (the stalled-job check) or that found no node type; `crashed`.
 */
export function outcomeRun(outcome: 'success' | 'nodeError' | 'workerLost' | 'crashed' | 'waiting'): IRun {
	const error = outcome === 'nodeError' ? { message: 'The Slack node failed', node: { name: 'Slack' } } : outcome === 'workerLost' ? { message: 'job stalled more than maxStalledCount' } : undefined;
	return {
		finished: outcome === 'success',
		mode: 'trigger',
		startedAt: new Date(),
		stoppedAt: new Date(),
		status: outcome === 'nodeError' || outcome === 'workerLost' ? 'error' : outcome,
		storedAt: 'db',
		data: {
			version: 1,
			resultData: {
				runData: {},
				...(outcome === 'nodeError' ? { lastNodeExecuted: 'Slack' } : {}),
				...(error ? { error } : {}),
			},
		},
	} as unknown as IRun;
}

export interface Poller {
	workflow: Workflow;
	node: INode;
	credentialsHelper: TestCredentialsHelper;
	/** Polls once; repeated calls share the workflow and its static data, as an active workflow does. */
	poll(): Promise<PollResult>;
}

/**
 * One polling trigger inside a workflow, ready to poll repeatedly. In trigger mode the PollContext
 * is built once and reused for every poll, as n8n does for an active workflow.
 */
export function createPoller(options: PollerOptions): Poller {
	const mode = options.mode ?? 'trigger';
	const { workflow, node, credentialsHelper, additionalData } = buildWorkflow({ ...options, active: mode === 'trigger' });
	const getPollBudgetMs = options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs as number;

	let savedStaticData: IDataObject | undefined;
	const saveStaticData = () => {
		// As n8n's WorkflowStaticDataService.saveStaticData: write only when something changed.
		if (workflow.staticData.__dataChanged === true) {
			savedStaticData = snapshotStaticData(workflow);
			workflow.staticData.__dataChanged = false;
		}
	};

	// State of the poll in progress, filled by the emit callbacks.
	let emitted: INodeExecutionData[][] | null = null;
	let emittedDone: DonePromise | undefined;
	let emittedError: Error | undefined;

	const triggerContext =
		mode === 'trigger'
			? new PollContext(
					workflow,
					node,
					additionalData,
					'trigger',
					'activate',
					(data, _responsePromise, donePromise) => {
						saveStaticData();
						emitted = data;
						emittedDone = donePromise;
					},
					(error) => {
						emittedError = error;
					},
					// n8n 2.41.1's __commitCursor: commits a durable poll cursor (off by default); the
					// static data is not saved.
					async () => {},
					undefined,
					undefined,
					getPollBudgetMs,
				)
			: undefined;

	const pollOnce = async () => {
		if (triggerContext) {
			const execute = Container.get(PollTriggerExecutor).create(workflow, node, triggerContext, () => true);
			await execute(false);
			return;
		}
		// What WorkflowExecute does for a polling node run from the editor.
		const context = new PollContext(workflow, node, additionalData, 'manual', 'manual', undefined, undefined, undefined, undefined, undefined, getPollBudgetMs);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		try {
			emitted = (await nodeType.poll!.call(context)) ?? null;
		} catch (error) {
			emittedError = error as Error;
		}
	};

	return {
		workflow,
		node,
		credentialsHelper,
		async poll() {
			const logMark = capturedLogs.mark();
			const signedBefore = credentialsHelper.signedRequests.length;
			emitted = null;
			emittedDone = undefined;
			emittedError = undefined;
			await pollOnce();
			const staticData = snapshotStaticData(workflow);
			return {
				result: emitted,
				done: emittedDone,
				error: emittedError,
				staticData,
				nodeStaticData: (staticData[`node:${node.name}`] as IDataObject | undefined) ?? {},
				savedStaticData,
				logs: capturedLogs.since(logMark),
				signedRequests: credentialsHelper.signedRequests.slice(signedBefore),
			};
		},
	};
}

/** Polls once with a fresh workflow (pass `staticData` from an earlier result to continue). */
export async function pollTrigger(options: PollerOptions): Promise<PollResult> {
	return await createPoller(options).poll();
}
