// The SMS-loop examples as the end-to-end check runs them: each example file as shipped, with only
// what cannot run here swapped out. The Manual Trigger becomes a Webhook (under `n8n start` a
// workflow is started from outside through one; `n8n execute` runs with n8n's data-table module
// off), the sample customers become the check's own, and Slack becomes an HTTP call to the sink that
// carries the very text the Slack node would have posted.
import type { Workflow } from '../../../tools/n8n/setup';

type WorkflowNode = Workflow['nodes'][number];

export interface Customer {
	customer: string;
	phone: string;
}

function clone(workflow: Workflow): Workflow {
	return JSON.parse(JSON.stringify(workflow)) as Workflow;
}

function nodeOfType(workflow: Workflow, type: string): WorkflowNode {
	const found = workflow.nodes.filter((node) => node.type === type);
	if (found.length !== 1) throw new Error(`"${workflow.name}" has ${found.length} nodes of type ${type}, expected one`);
	return found[0];
}

/** Replaces a node's type and parameters; its name, id and position (and so its connections) stay. */
function swap(node: WorkflowNode, replacement: { type: string; typeVersion: number; parameters: Record<string, unknown>; [key: string]: unknown }): void {
	for (const key of ['credentials', 'webhookId']) delete node[key];
	Object.assign(node, replacement);
}

/**
 * "Send SMS and remember who got it", started by POSTing to `/webhook/<path>` and answering with
 * the last node's items once the rows are stored; `customers` replace the sample ones.
 */
export function sendExampleForCheck(example: Workflow, path: string, customers: Customer[]): Workflow {
	const workflow = clone(example);
	swap(nodeOfType(workflow, 'n8n-nodes-base.manualTrigger'), {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: `${path}-hook`,
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	});
	const source = nodeOfType(workflow, 'n8n-nodes-base.code');
	source.parameters = { ...source.parameters, jsCode: `return ${JSON.stringify(customers)}.map((json) => ({ json }));` };
	return workflow;
}

/**
 * "Alert on failed delivery, naming the customer" with the Slack node posting to the sink instead:
 * the Slack message's text (the same expression) and the fields it names.
 */
export function alertExampleForCheck(example: Workflow, sinkUrl: string): Workflow {
	const workflow = clone(example);
	const slack = nodeOfType(workflow, 'n8n-nodes-base.slack');
	const text = slack.parameters.text as string;
	swap(slack, {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${sinkUrl}/alerts`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'x-execution-id', value: '={{ $execution.id }}' }] },
			sendBody: true,
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: [
					{ name: 'text', value: text },
					{ name: 'smsId', value: '={{ $json.smsId }}' },
					{ name: 'phoneNumber', value: '={{ $json.phoneNumber }}' },
					{ name: 'customer', value: '={{ $json.customer }}' },
				],
			},
			options: {},
		},
	});
	return workflow;
}
