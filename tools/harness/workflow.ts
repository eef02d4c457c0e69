// The one builder behind the harness's entry points (runNode.ts, poll.ts, testCredential.ts): a
// workflow holding the node under test, served as n8n's loader serves node types, the credentials
// helper with the test's credential, and the `additionalData` the engine reads.
//
// What is not n8n here: credentials come from plain data (TestCredentialsHelper) instead of the
// encrypted database, and `additionalData` is a plain object with only what the engine reads.
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { cronNodeOptions, deepCopy, NodeHelpers, UnexpectedError, Workflow } from 'n8n-workflow';

import { MobsetApi } from '../../credentials/MobsetApi.credentials';
import { TestCredentialsHelper } from './credentialsHelper';
import { installLogCapture } from './logCapture';

/** The recorder behind n8n's loggers in this test file (installed before anything logs). */
export const capturedLogs = installLogCapture();

/** How n8n names a community node type: `<package name>.<description.name>`. */
export const PACKAGE_NAME = 'n8n-nodes-mobset';

export type AnyNodeType = INodeType | IVersionedNodeType;

export function nodeTypeName(nodeType: AnyNodeType): string {
	return `${PACKAGE_NAME}.${nodeType.description.name}`;
}

/** The node under test, as each entry point takes it. */
export interface NodeUnderTestOptions {
	nodeType: AnyNodeType;
	parameters?: INodeParameters;
	typeVersion?: number;
	nodeName?: string;
	/**
	 * The credential data the user saved (only the fields they filled in; defaults are applied as
	 * n8n applies them). Omit to run the node without credentials.
	 */
	credentials?: ICredentialDataDecryptedObject;
	/** The credential type that signs requests (default: this package's `MobsetApi`). */
	credentialType?: ICredentialType;
	/** The workflow's Timezone setting (n8n's default applies when unset). */
	timezone?: string;
	/** Node settings from the editor's Settings tab (Retry On Fail and its tries). */
	nodeSettings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
}

export interface WorkflowOptions extends NodeUnderTestOptions {
	/** Puts a Start node before the node under test, handing it the items a run begins with. */
	withStart?: boolean;
	/** The type name the node is registered under (default: `nodeTypeName`). */
	typeName?: string;
	/** The node's "On Error" setting. */
	onError?: INode['onError'];
	/** Whether the workflow is active (polling on its schedule). */
	active?: boolean;
	/** Whole-workflow static data to start from. */
	staticData?: IDataObject;
}

export interface HarnessWorkflow {
	workflow: Workflow;
	/** The workflow as n8n would have saved it (what the execution hooks are given). */
	workflowData: IWorkflowBase;
	/** The Start node, when asked for. */
	startNode?: INode;
	node: INode;
	nodeTypes: HarnessNodeTypes;
	credentialsHelper: TestCredentialsHelper;
	additionalData: IWorkflowExecuteAdditionalData;
	executionId: string;
}

let executionCounter = 0;

export function buildWorkflow(options: WorkflowOptions): HarnessWorkflow {
	const credentialType = options.credentialType ?? new MobsetApi();
	const credentialsHelper = new TestCredentialsHelper(
		options.credentials ? [{ type: credentialType, data: options.credentials }] : [],
	);
	const typeName = options.typeName ?? nodeTypeName(options.nodeType);
	const nodeTypes = new HarnessNodeTypes([[typeName, options.nodeType]]);

	const startNode: INode | undefined = options.withStart
		? { id: 'start', name: 'Start', type: START_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} }
		: undefined;
	const node: INode = {
		id: 'node-under-test',
		name: options.nodeName ?? defaultNodeName(options.nodeType),
		type: typeName,
		typeVersion: options.typeVersion ?? latestVersion(options.nodeType),
		position: [startNode ? 250 : 0, 0],
		parameters: deepCopy(options.parameters ?? {}),
		...(options.credentials && {
			credentials: { [credentialType.name]: { id: 'test-credential', name: `${credentialType.displayName} account` } },
		}),
		...(options.onError && { onError: options.onError }),
		...options.nodeSettings,
	};

	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'Test workflow',
		active: options.active ?? false,
		isArchived: false,
		activeVersionId: null,
		nodes: startNode ? [startNode, node] : [node],
		connections: startNode ? { [startNode.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } } : {},
		settings: { executionOrder: 'v1', ...(options.timezone && { timezone: options.timezone }) },
		staticData: options.staticData,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: workflowData.active,
		nodeTypes,
		staticData: deepCopy(options.staticData ?? {}),
		settings: workflowData.settings,
	});

	const executionId = `test-execution-${++executionCounter}`;
	return {
		workflow,
		workflowData,
		startNode,
		node,
		nodeTypes,
		credentialsHelper,
		additionalData: buildAdditionalData(credentialsHelper, executionId),
		executionId,
	};
}

/** Workflow static data without n8n's change marker, as a copy. */
export function snapshotStaticData(workflow: Workflow): IDataObject {
	const copy = deepCopy(workflow.staticData as IDataObject);
	delete copy.__dataChanged;
	return copy;
}

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

function latestVersion(nodeType: AnyNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function defaultNodeName(nodeType: AnyNodeType): string {
	const { description } = NodeHelpers.getVersionedNodeType(nodeType);
	return description.defaults.name ?? description.displayName;
}

/**
 * The node types of one test workflow. The node under test is served as n8n's loader would serve
 * it (Poll Times added to polling nodes), through a thin layer that remembers the error instance
 * `execute` throws: WorkflowExecute itself keeps only a plain-object copy of it.
 */
export class HarnessNodeTypes implements INodeTypes {
	readonly thrown: unknown[] = [];

	private readonly types = new Map<string, AnyNodeType>([[START_NODE_TYPE, startNodeType]]);

	private readonly served = new Map<string, INodeType>();

	constructor(nodeTypes: Array<[name: string, nodeType: AnyNodeType]>) {
		for (const [name, nodeType] of nodeTypes) this.types.set(name, nodeType);
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
