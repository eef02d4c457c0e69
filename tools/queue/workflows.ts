// The workflows of the queue-mode test and benchmark: a trigger polling every 10 seconds (or every
// second) → Aggregate (one item holding all the execution's items) → HTTP Request posting them to
// the sink with the execution's id.
import { EXAMPLE_CREDENTIAL_ID, EXAMPLE_CREDENTIAL_NAME, type Workflow } from '../n8n/setup';

export const REPORTS_WORKFLOW_ID = 'queueReportsToSink';
export const REPLIES_WORKFLOW_ID = 'queueRepliesToSink';
export const MAX_PER_POLL = 1000;
/**
 * Minutes the triggers wait to hear how an execution ended. Short, for the executions whose end
 * the main misses (see nodes/shared/handOff.ts), and above any execution here: the longest, held
 * by the sink until its worker is killed, is failed by n8n's stalled-job check within a minute.
 */
export const CONFIRMATION_TIMEOUT_MINUTES = 2;

/** n8n refuses a schedule faster than a minute per entry, so one entry per second of the minute that polls. */
const pollEvery = (seconds: 1 | 10) => ({
	item: Array.from({ length: 60 / seconds }, (_, i) => ({ mode: 'custom', cronExpression: `${i * seconds} * * * * *` })),
});

export interface TriggerWorkflowOptions {
	/** Default 10. */
	pollEverySeconds?: 1 | 10;
	/** Max … per Poll; default MAX_PER_POLL. */
	maxPerPoll?: number;
}

function triggerToSink(
	id: string,
	name: string,
	trigger: { type: string; parameters: Record<string, unknown> },
	sinkUrl: string,
	pollEverySeconds: 1 | 10 = 10,
): Workflow {
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
				parameters: { pollTimes: pollEvery(pollEverySeconds), testRunBehavior: 'sample', ...trigger.parameters },
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

export const reportsWorkflow = (sinkUrl: string, options: TriggerWorkflowOptions = {}) =>
	triggerToSink(
		REPORTS_WORKFLOW_ID,
		'Queue: reports to sink',
		{
			type: 'n8n-nodes-mobset.mobsetSmsReportsTrigger',
			parameters: {
				maxReportsPerPoll: options.maxPerPoll ?? MAX_PER_POLL,
				options: { includeRaw: false, confirmationTimeout: CONFIRMATION_TIMEOUT_MINUTES },
			},
		},
		sinkUrl,
		options.pollEverySeconds,
	);

export const repliesWorkflow = (sinkUrl: string) =>
	triggerToSink(
		REPLIES_WORKFLOW_ID,
		'Queue: replies to sink',
		{
			type: 'n8n-nodes-mobset.mobsetSmsRepliesTrigger',
			parameters: { maxRepliesPerPoll: MAX_PER_POLL, options: { includeRaw: false, confirmationTimeout: CONFIRMATION_TIMEOUT_MINUTES } },
		},
		sinkUrl,
	);
