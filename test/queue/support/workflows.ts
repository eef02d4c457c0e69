// The queue test's workflows: a trigger polling every 10 seconds → Aggregate (one item holding all
// the execution's items) → HTTP Request posting them to the sink with the execution's id.
import { EXAMPLE_CREDENTIAL_ID, EXAMPLE_CREDENTIAL_NAME, type Workflow } from '../../../tools/n8n/setup';

export const REPORTS_WORKFLOW_ID = 'queueReportsToSink';
export const REPLIES_WORKFLOW_ID = 'queueRepliesToSink';
export const MAX_PER_POLL = 1000;
/**
 * Minutes the triggers wait to hear how an execution ended. Short, for the executions whose end
 * the main misses (see nodes/shared/handOff.ts), and above any execution here: the longest, held
 * by the sink until its worker is killed, is failed by n8n's stalled-job check within a minute.
 */
export const CONFIRMATION_TIMEOUT_MINUTES = 2;

/** n8n refuses a schedule faster than a minute per entry, so six entries, ten seconds apart. */
const everyTenSeconds = {
	item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
};

function triggerToSink(id: string, name: string, trigger: { type: string; parameters: Record<string, unknown> }, sinkUrl: string): Workflow {
	const triggerName = 'Trigger';
	return {
		id,
		name,
		nodes: [
			{
				id: `${id}-trigger`,
				name: triggerName,
				type: trigger.type,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: everyTenSeconds, testRunBehavior: 'sample', ...trigger.parameters },
				credentials: { mobsetApi: { id: EXAMPLE_CREDENTIAL_ID, name: EXAMPLE_CREDENTIAL_NAME } },
			},
			{
				id: `${id}-aggregate`,
				name: 'Aggregate',
				type: 'n8n-nodes-base.aggregate',
				typeVersion: 1,
				position: [220, 0],
				parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'data' },
			},
			{
				id: `${id}-post`,
				name: 'Post to Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: {
					method: 'POST',
					url: `${sinkUrl}/${id}`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'x-execution-id', value: '={{ $execution.id }}' }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: { timeout: 300_000 },
				},
			},
		],
		connections: {
			[triggerName]: { main: [[{ node: 'Aggregate', type: 'main', index: 0 }]] },
			Aggregate: { main: [[{ node: 'Post to Sink', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export const reportsWorkflow = (sinkUrl: string) =>
	triggerToSink(
		REPORTS_WORKFLOW_ID,
		'Queue: reports to sink',
		{ type: 'n8n-nodes-mobset.mobsetSmsReportsTrigger', parameters: { maxReportsPerPoll: MAX_PER_POLL, options: { includeRaw: false, confirmationTimeout: CONFIRMATION_TIMEOUT_MINUTES } } },
		sinkUrl,
	);

export const repliesWorkflow = (sinkUrl: string) =>
	triggerToSink(
		REPLIES_WORKFLOW_ID,
		'Queue: replies to sink',
		{ type: 'n8n-nodes-mobset.mobsetSmsRepliesTrigger', parameters: { maxRepliesPerPoll: MAX_PER_POLL, options: { includeRaw: false, confirmationTimeout: CONFIRMATION_TIMEOUT_MINUTES } } },
		sinkUrl,
	);
