// Runs a regular node as the editor or an execution does: the workflow "Start → node under test"
// through n8n-core's `WorkflowExecute`, every request leaving through n8n's own HTTP helpers
// (`httpRequestWithAuthentication` → the credential's `authenticate` → n8n's outbound client).
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	IRun,
	IRunData,
	ITaskData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import type { SignedRequest } from './credentialsHelper';
import type { LogLine } from './logCapture';
import { buildWorkflow, capturedLogs, snapshotStaticData, type NodeUnderTestOptions } from './workflow';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunNodeOptions extends NodeUnderTestOptions {
	/** Items the Start node hands to the node under test (default one empty item). */
	inputItems?: INodeExecutionData[];
	/** The editor's "On Error" setting; `continueOnFail: true` is "Continue" (regular output). */
	onError?: OnError;
	continueOnFail?: boolean;
	/** Execution mode (default `'manual'`, as when the editor runs the workflow). */
	mode?: WorkflowExecuteMode;
	/** Workflow static data to start from. */
	staticData?: IDataObject;
}

export interface RunNodeResult {
	/** The node's output items per output index (`[]` when it did not finish). */
	outputs: INodeExecutionData[][];
	/**
	 * The error the node threw, as the live instance (a `NodeApiError`, `NodeOperationError`, ...),
	 * or the engine's copy when the failure happened outside `execute`.
	 */
	error?: Error | ExecutionError;
	/** The plain-object copy of the error n8n stores in the run data and shows in the editor. */
	storedError?: ExecutionError;
	/** The node's run as n8n records it (status, hints, error, timings). */
	taskData?: ITaskData;
	/** Hints the node added with `addExecutionHints` (shown above the output in the editor). */
	hints: NodeExecutionHint[];
	runData: IRunData;
	run?: IRun;
	/** Workflow static data after the run. */
	staticData: IDataObject;
	/** Everything n8n logged during the run. */
	logs: LogLine[];
	/** Each request after the credential signed it. */
	signedRequests: SignedRequest[];
	node: INode;
}

/**
 * Runs the workflow "Start → node under test" through `WorkflowExecute` and reports what the node
 * produced. Never throws for a node failure: the error is in the result.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const logMark = capturedLogs.mark();
	const mode = options.mode ?? 'manual';
	const { workflow, workflowData, startNode, node, nodeTypes, credentialsHelper, additionalData, executionId } = buildWorkflow({
		...options,
		withStart: true,
		onError: options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined),
	});
	additionalData.hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode!, data: { main: [options.inputItems ?? [{ json: {} }]] }, source: null } satisfies IExecuteData,
			],
		},
	});

	let run: IRun | undefined;
	let engineError: Error | undefined;
	try {
		run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	} catch (error) {
		// Raised before any node ran, e.g. WorkflowHasIssuesError for a missing required parameter.
		engineError = error as Error;
	}

	const runData = run?.data.resultData.runData ?? {};
	const taskData = runData[node.name]?.at(-1);
	const storedError = taskData?.error ?? run?.data.resultData.error;
	return {
		outputs: (taskData?.data?.main ?? []).map((items) => items ?? []),
		error: (nodeTypes.thrown.at(-1) as Error | undefined) ?? storedError ?? engineError,
		storedError,
		taskData,
		hints: taskData?.hints ?? [],
		runData,
		run,
		staticData: snapshotStaticData(workflow),
		logs: capturedLogs.since(logMark),
		signedRequests: credentialsHelper.signedRequests,
		node,
	};
}
