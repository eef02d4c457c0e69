// Reads what `n8n execute --rawOutput` prints: the whole run (IRun) as pretty-printed JSON.
import { tail } from './proc';

export interface NodeOutputItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[key: string]: unknown;
}

interface TaskData {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<NodeOutputItem[] | null> };
}

export interface RunJson {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			lastNodeExecuted?: string;
			error?: { message?: string; description?: string; node?: { name?: string } };
		};
	};
}

export interface ExecutionResult {
	/** The run as n8n printed it. */
	run: RunJson;
	/** The workflow's error message, or undefined when the run succeeded. */
	error: string | undefined;
	/** The `json` of every item a node put on one of its outputs, over all of its runs. */
	items(nodeName: string, output?: number): Array<Record<string, unknown>>;
	/** The complete items (json, pairedItem, ...) of a node's output. */
	rawItems(nodeName: string, output?: number): NodeOutputItem[];
	/** Names of the nodes that ran. */
	nodesRun(): string[];
}

/**
 * Finds the run in the output. Pretty-printed JSON opens and closes the top-level object on lines
 * of their own, which tells it apart from log lines n8n may print around it.
 */
export function extractRunJson(text: string): RunJson | undefined {
	const lines = text.split('\n');
	const start = lines.findIndex((line) => line === '{');
	const end = lines.lastIndexOf('}');
	if (start === -1 || end < start) return undefined;
	try {
		const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as RunJson;
		return parsed?.data?.resultData ? parsed : undefined;
	} catch {
		return undefined;
	}
}

export function parseExecuteOutput(stdout: string, diagnostics = ''): ExecutionResult {
	const run = extractRunJson(stdout) ?? extractRunJson(diagnostics);
	if (!run) {
		throw new Error(`n8n execute printed no run:\n${tail(stdout + '\n' + diagnostics)}`);
	}
	const { resultData } = run.data;
	const rawItems = (nodeName: string, output = 0): NodeOutputItem[] =>
		(resultData.runData[nodeName] ?? []).flatMap((task) => task.data?.main?.[output] ?? []);
	const error = resultData.error
		? [resultData.error.node?.name, resultData.error.message, resultData.error.description]
				.filter(Boolean)
				.join(': ')
		: undefined;
	return {
		run,
		error,
		rawItems,
		items: (nodeName, output = 0) => rawItems(nodeName, output).map((item) => item.json),
		nodesRun: () => Object.keys(resultData.runData),
	};
}
