// Runs this package's nodes through n8n's real engine (n8n-core 2.41): the node executes inside
// `WorkflowExecute`, a trigger polls with a real `PollContext`, a credential is tested through
// `RoutingNode` as the Test button does, and every request leaves through n8n's own HTTP helpers
// (`httpRequestWithAuthentication` → the credential's `authenticate` → n8n's outbound client).
//
// What is not n8n here: credentials come from plain data (TestCredentialsHelper) instead of the
// encrypted database, and `additionalData` is a plain object with only what the engine reads.
import {
	ErrorReporter,
	ExecuteContext,
	ExecutionLifecycleHooks,
	PollContext,
	PollTriggerExecutor,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunData,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, cronNodeOptions, deepCopy, NodeHelpers, UnexpectedError, Workflow } from 'n8n-workflow';

import { MobsetApi } from '../../credentials/MobsetApi.credentials';
import { checkCredentialTestRules } from './credentialTestRules';
import { TestCredentialsHelper, type SignedRequest } from './credentialsHelper';
import { installLogCapture, type LogLine } from './logCapture';
import { Container } from './n8nCoreDeps';

export { startCaptureServer, type CaptureServer, type CapturedRequest } from './captureServer';
export { TestCredentialsHelper, type SignedRequest } from './credentialsHelper';
export { logText, type LogLine } from './logCapture';

/** The recorder behind n8n's loggers in this test file (installed before anything logs). */
export const capturedLogs = installLogCapture();

/** How n8n names a community node type: `<package name>.<description.name>`. */
export const PACKAGE_NAME = 'n8n-nodes-mobset';

export type AnyNodeType = INodeType | IVersionedNodeType;

/** The workflow's first node: hands the given items to the node under test, like Manual Trigger. */
const START_NODE_TYPE = 'harness.start';
const startNodeType: INodeType = {
	description: {
		displayName: 'Start',
		name: START_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Starts the test workflow with the items the test gives it',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
};

/** Added by n8n's node loader to every node with `polling: true` (n8n-core `commonPollingParameters`). */
const pollTimesParameter: INodeProperties = {
	displayName: 'Poll Times',
	name: 'pollTimes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Poll Time' },
	default: { item: [{ mode: 'everyMinute' }] },
	description: 'Time at which polling should occur',
	placeholder: 'Add Poll Time',
	options: cronNodeOptions,
};

function isVersioned(nodeType: AnyNodeType): nodeType is IVersionedNodeType {
	return 'nodeVersions' in nodeType;
}

export function nodeTypeName(nodeType: AnyNodeType): string {
	return `${PACKAGE_NAME}.${nodeType.description.name}`;
}

function latestVersion(nodeType: AnyNodeType): number {
	if (isVersioned(nodeType)) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * The node types of one test workflow. The node under test is served as n8n's loader would serve
 * it (Poll Times added to polling nodes), through a thin layer that remembers the error instance
 * `execute` throws: WorkflowExecute itself keeps only a plain-object copy of it.
 */
class HarnessNodeTypes implements INodeTypes {
	readonly thrown: unknown[] = [];

	private readonly types = new Map<string, AnyNodeType>();

	private readonly served = new Map<string, INodeType>();

	constructor(nodeTypes: AnyNodeType[]) {
		this.types.set(START_NODE_TYPE, startNodeType);
		for (const nodeType of nodeTypes) this.types.set(nodeTypeName(nodeType), nodeType);
	}

	getByName(name: string): AnyNodeType {
		return this.lookup(name);
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		const key = `${name}@${version}`;
		let served = this.served.get(key);
		if (!served) {
			const raw = NodeHelpers.getVersionedNodeType(this.lookup(name), version);
			served = name === START_NODE_TYPE ? raw : this.serve(raw);
			this.served.set(key, served);
		}
		return served;
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	private lookup(name: string): AnyNodeType {
		const nodeType = this.types.get(name);
		if (!nodeType) throw new UnexpectedError(`Unknown node type "${name}" in the test harness`);
		return nodeType;
	}

	/** A copy inheriting from the real node type, so its methods and `this` are unchanged. */
	private serve(nodeType: INodeType): INodeType {
		const { description } = nodeType;
		const needsPollTimes = description.polling && !description.properties.some((p) => p.name === 'pollTimes');
		const served = Object.create(nodeType, {
			description: {
				value: needsPollTimes ? { ...description, properties: [pollTimesParameter, ...description.properties] } : description,
			},
		}) as INodeType;
		const { execute } = nodeType;
		if (execute) {
			const thrown = this.thrown;
			served.execute = async function (this: unknown, ...args: unknown[]) {
				try {
					return await (execute as (...a: unknown[]) => Promise<unknown>).apply(this, args);
				} catch (error) {
					thrown.push(error);
					throw error;
				}
			} as INodeType['execute'];
		}
		return served;
	}
}

let executionCounter = 0;

/**
 * What the engine reads from `additionalData`, as a plain object. (A deep mock would also answer
 * `evalLlmMockHandler`, which sends every request down n8n's evaluation-mock path instead of the
 * network.)
 */
function buildAdditionalData(credentialsHelper: TestCredentialsHelper, executionId: string): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		userId: 'test-user',
		executeWorkflow: unsupported('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('The task runner'),
		logAiEvent: () => {},
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}

interface CredentialOptions {
	/**
	 * The credential data the user saved (only the fields they filled in; defaults are applied as
	 * n8n applies them). Omit to run the node without credentials.
	 */
	credentials?: ICredentialDataDecryptedObject;
	/** The credential type that signs requests (default: this package's `MobsetApi`). */
	credentialType?: ICredentialType;
}

function credentialsFor(options: CredentialOptions): {
	helper: TestCredentialsHelper;
	nodeCredentials: INode['credentials'];
} {
	const type = options.credentialType ?? new MobsetApi();
	if (!options.credentials) return { helper: new TestCredentialsHelper([]), nodeCredentials: undefined };
	return {
		helper: new TestCredentialsHelper([{ type, data: options.credentials }]),
		nodeCredentials: { [type.name]: { id: 'test-credential', name: `${type.displayName} account` } },
	};
}

function nodeDefaultsName(nodeType: AnyNodeType): string {
	const { description } = NodeHelpers.getVersionedNodeType(nodeType);
	return description.defaults.name ?? description.displayName;
}

function snapshotStaticData(workflow: Workflow): IDataObject {
	const copy = deepCopy(workflow.staticData as IDataObject);
	delete copy.__dataChanged;
	return copy;
}

function nodeStaticDataOf(staticData: IDataObject, nodeName: string): IDataObject {
	return (staticData[`node:${nodeName}`] as IDataObject | undefined) ?? {};
}

// ---------------------------------------------------------------------------------------------
// Running an action node
// ---------------------------------------------------------------------------------------------

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunNodeOptions extends CredentialOptions {
	nodeType: AnyNodeType;
	parameters?: INodeParameters;
	/** Items the Start node hands to the node under test (default one empty item). */
	inputItems?: INodeExecutionData[];
	/** The editor's "On Error" setting; `continueOnFail: true` is "Continue" (regular output). */
	onError?: OnError;
	continueOnFail?: boolean;
	typeVersion?: number;
	/** Execution mode (default `'manual'`, as when the editor runs the workflow). */
	mode?: WorkflowExecuteMode;
	/** Workflow static data to start from. */
	staticData?: IDataObject;
	nodeName?: string;
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
	const { helper, nodeCredentials } = credentialsFor(options);
	const nodeTypes = new HarnessNodeTypes([options.nodeType]);
	const mode = options.mode ?? 'manual';

	const startNode: INode = {
		id: 'start',
		name: 'Start',
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: 'node-under-test',
		name: options.nodeName ?? nodeDefaultsName(options.nodeType),
		type: nodeTypeName(options.nodeType),
		typeVersion: options.typeVersion ?? latestVersion(options.nodeType),
		position: [250, 0],
		parameters: deepCopy(options.parameters ?? {}),
		...(nodeCredentials && { credentials: nodeCredentials }),
		...(options.continueOnFail && { onError: 'continueRegularOutput' as const }),
		...(options.onError && { onError: options.onError }),
	};
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'Test workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		nodes: [startNode, node],
		connections: { [startNode.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		staticData: options.staticData,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		staticData: deepCopy(options.staticData ?? {}),
		settings: workflowData.settings,
	});

	const executionId = `test-execution-${++executionCounter}`;
	const additionalData = buildAdditionalData(helper, executionId);
	additionalData.hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.inputItems ?? [{ json: {} }]] },
					source: null,
				} satisfies IExecuteData,
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
		signedRequests: helper.signedRequests,
		node,
	};
}

// ---------------------------------------------------------------------------------------------
// Polling a trigger
// ---------------------------------------------------------------------------------------------

export interface PollerOptions extends CredentialOptions {
	nodeType: AnyNodeType;
	parameters?: INodeParameters;
	/**
	 * `'trigger'`: as an active workflow polls on its schedule (n8n-core's PollTriggerExecutor; the
	 * static data is saved when items are emitted or the poll returns null).
	 * `'manual'`: as the editor's "Fetch test event" (the poll is called directly; nothing saved).
	 */
	mode?: 'trigger' | 'manual';
	/** Whole-workflow static data to start from, e.g. `staticData` of an earlier poll. */
	staticData?: IDataObject;
	typeVersion?: number;
	nodeName?: string;
	/** What `this.getPollBudgetMs()` answers (n8n-core's default is 5 minutes). */
	pollBudgetMs?: number;
}

export interface PollResult {
	/** What `poll()` returned: `null` (no execution) or the items of one execution. */
	result: INodeExecutionData[][] | null;
	/** The error `poll()` threw (in trigger mode n8n hands it to `__emitError`). */
	error?: Error;
	/** Workflow static data in memory after the poll (pass it to a later poller to continue). */
	staticData: IDataObject;
	/** This node's part of it (`getWorkflowStaticData('node')`). */
	nodeStaticData: IDataObject;
	/**
	 * The static data n8n would have written to the database by now: taken when a trigger-mode
	 * poll emits items or returns null; never for manual polls.
	 */
	savedStaticData?: IDataObject;
	logs: LogLine[];
	signedRequests: SignedRequest[];
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
	const { helper, nodeCredentials } = credentialsFor(options);
	const nodeTypes = new HarnessNodeTypes([options.nodeType]);
	const mode = options.mode ?? 'trigger';
	const node: INode = {
		id: 'trigger-under-test',
		name: options.nodeName ?? nodeDefaultsName(options.nodeType),
		type: nodeTypeName(options.nodeType),
		typeVersion: options.typeVersion ?? latestVersion(options.nodeType),
		position: [0, 0],
		parameters: deepCopy(options.parameters ?? {}),
		...(nodeCredentials && { credentials: nodeCredentials }),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes,
		staticData: deepCopy(options.staticData ?? {}),
		settings: { executionOrder: 'v1' },
	});
	const additionalData = buildAdditionalData(helper, `test-poll-${++executionCounter}`);
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
	let emittedError: Error | undefined;

	const triggerContext =
		mode === 'trigger'
			? new PollContext(
					workflow,
					node,
					additionalData,
					'trigger',
					'activate',
					(data) => {
						saveStaticData();
						emitted = data;
					},
					(error) => {
						emittedError = error;
					},
					async () => saveStaticData(),
					undefined,
					undefined,
					getPollBudgetMs,
				)
			: undefined;

	return {
		workflow,
		node,
		credentialsHelper: helper,
		async poll() {
			const logMark = capturedLogs.mark();
			const signedBefore = helper.signedRequests.length;
			emitted = null;
			emittedError = undefined;

			if (triggerContext) {
				const execute = Container.get(PollTriggerExecutor).create(workflow, node, triggerContext, () => true);
				await execute(false);
			} else {
				// What WorkflowExecute does for a polling node run from the editor.
				const context = new PollContext(workflow, node, additionalData, 'manual', 'manual', undefined, undefined, undefined, undefined, undefined, getPollBudgetMs);
				const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
				try {
					emitted = (await nodeType.poll!.call(context)) ?? null;
				} catch (error) {
					emittedError = error as Error;
				}
			}

			const staticData = snapshotStaticData(workflow);
			return {
				result: emitted,
				error: emittedError,
				staticData,
				nodeStaticData: nodeStaticDataOf(staticData, node.name),
				savedStaticData,
				logs: capturedLogs.since(logMark),
				signedRequests: helper.signedRequests.slice(signedBefore),
			};
		},
	};
}

/** Polls once with a fresh workflow (pass `staticData` from an earlier result to continue). */
export async function pollTrigger(options: PollerOptions): Promise<PollResult> {
	return await createPoller(options).poll();
}

// ---------------------------------------------------------------------------------------------
// The credential's Test button
// ---------------------------------------------------------------------------------------------

export interface TestCredentialOptions {
	credentialType: ICredentialType;
	/** The credential as the user filled it in. */
	data: ICredentialDataDecryptedObject;
}

export interface TestCredentialResult extends INodeCredentialTestResult {
	/** The error the test request failed with, if it did. */
	error?: Error;
	logs: LogLine[];
	signedRequests: SignedRequest[];
}

/**
 * Runs the credential's `test.request` the way n8n's "Test" button does (CLI `CredentialsTester`,
 * not shipped in n8n-core): a temporary node whose only property routes the test request, run by
 * n8n-core's `RoutingNode` with the decrypted credential, so `authenticate` signs it; then the
 * credential's rules are applied to the answer.
 */
export async function testCredential(options: TestCredentialOptions): Promise<TestCredentialResult> {
	const logMark = capturedLogs.mark();
	const { credentialType } = options;
	const testRequest = credentialType.test;
	if (!testRequest) throw new UnexpectedError(`Credential type "${credentialType.name}" has no test request`);

	const helper = new TestCredentialsHelper([{ type: credentialType, data: options.data }]);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'test-credential',
		name: `${credentialType.displayName} account`,
		type: credentialType.name,
		// The CLI applies defaults and overwrites before testing.
		data: helper.applyDefaults(credentialType.name, options.data),
	};

	// The CLI falls back to the NoOp node when no node declares the test; its description carries
	// no requestDefaults, so the credential's test request is all there is.
	const tempNodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: tempNodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypes: INodeTypes = {
		getByName: () => tempNodeType,
		getByNameAndVersion: () => tempNodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData(helper, `test-credential-${++executionCounter}`);
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, tempNodeType, credentialsDecrypted);

	const finish = (outcome: INodeCredentialTestResult, error?: Error): TestCredentialResult => ({
		...outcome,
		error,
		logs: capturedLogs.since(logMark),
		signedRequests: helper.signedRequests,
	});

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		Container.get(ErrorReporter).error(error);
		return finish(credentialTestFailure(testRequest.rules ?? [], error as RequestFailure), error as Error);
	}
	return finish(checkCredentialTestRules(testRequest.rules ?? [], response![0][0].json));
}

type RequestFailure = Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };

/**
 * The CLI's `catch` branch, in its order: rules of type `responseCode` against the HTTP status, then
 * any non-2xx status, then the socket error code (ECONNREFUSED, a certificate error, ...), else the
 * error message (e.g. what `authenticate` threw).
 */
function credentialTestFailure(rules: NonNullable<ICredentialTestRequest['rules']>, error: RequestFailure): INodeCredentialTestResult {
	if (error.cause?.response) {
		const { status, statusText } = error.cause.response;
		for (const rule of rules) {
			if (rule.type === 'responseCode' && status === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		if (status < 199 || status > 299) {
			return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: error.message.toString() };
}
