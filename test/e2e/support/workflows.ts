// Workflows the end-to-end check imports next to the examples. Built in code because they point at
// the sink, whose port is only known at run time.
import { EXAMPLE_CREDENTIAL_ID, EXAMPLE_CREDENTIAL_NAME, type Workflow } from '../../../tools/n8n/setup';

const credentials = { mobsetApi: { id: EXAMPLE_CREDENTIAL_ID, name: EXAMPLE_CREDENTIAL_NAME } };
const settings = { executionOrder: 'v1' };

export const MANUAL_WORKFLOW_ID = 'e2eManualReports';
export const TRIGGER_WORKFLOW_ID = 'e2eTriggerToSink';
export const REPORTS_NODE = 'Mobset SMS Reports';
export const TRIGGER_NODE = 'Mobset SMS Reports Trigger';

/** Manual Trigger → Mobset SMS Reports (all reports, raw included): run with `n8n execute`. */
export function manualReportsWorkflow(): Workflow {
	return {
		id: MANUAL_WORKFLOW_ID,
		name: 'E2E: fetch all reports',
		nodes: [
			{
				id: '3d0e1c52-7a4f-4f43-b1a8-0c1d2e3f4a01',
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '3d0e1c52-7a4f-4f43-b1a8-0c1d2e3f4a02',
				name: REPORTS_NODE,
				type: 'n8n-nodes-mobset.mobsetSmsReports',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'getMany', returnAll: true, options: { outcome: 'all', includeRaw: true } },
				credentials,
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: REPORTS_NODE, type: 'main', index: 0 }]] },
		},
		settings,
	};
}

/**
 * Trigger (every minute) → HTTP Request posting each item to the sink. The execution id travels in
 * a header so the check can tell the start-up poll from the scheduled ones.
 */
export function triggerToSinkWorkflow(sinkUrl: string): Workflow {
	return {
		id: TRIGGER_WORKFLOW_ID,
		name: 'E2E: trigger to sink',
		nodes: [
			{
				id: '5e2f4a61-8b3c-4d2e-9f10-1a2b3c4d5e01',
				name: TRIGGER_NODE,
				type: 'n8n-nodes-mobset.mobsetSmsReportsTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					maxReportsPerPoll: 500,
					testRunBehavior: 'sample',
					options: { outcome: 'all', includeRaw: true },
				},
				credentials,
			},
			{
				id: '5e2f4a61-8b3c-4d2e-9f10-1a2b3c4d5e02',
				name: 'Post to Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: `${sinkUrl}/reports`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'x-execution-id', value: '={{ $execution.id }}' }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			},
		],
		connections: {
			[TRIGGER_NODE]: { main: [[{ node: 'Post to Sink', type: 'main', index: 0 }]] },
		},
		settings,
	};
}
