// The node and the trigger as n8n runs them: through n8n-core 2.41's WorkflowExecute and a real
// PollContext (the test harness in tools/harness/), so every call goes through
// `httpRequestWithAuthentication`, the credential's signing and n8n's outbound HTTP client.
import type { INodeExecutionData } from 'n8n-workflow';

import { MobsetSms } from '../../nodes/MobsetSms/MobsetSms.node';
import { MobsetSmsReports } from '../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { createPoller, runNode, type Poller } from '../harness';

export interface EngineTarget {
	url: string;
	account: { corpId: string; loginName: string; password: string };
	parallel: number;
	combine?: boolean;
}

function credentialsFor(target: EngineTarget) {
	// Ignore SSL Issues: the simulator's HTTPS certificate is a throw-away self-signed one.
	return { ...target.account, baseUrl: target.url, ignoreSslIssues: true };
}

function options(target: EngineTarget) {
	return target.parallel > 1 ? { parallelRequests: target.parallel } : {};
}

/** "Mobset SMS Reports", Get Many with Return All, run as a workflow. */
export async function nodeDrain(target: EngineTarget): Promise<INodeExecutionData[]> {
	const run = await runNode({
		nodeType: new MobsetSmsReports(),
		credentials: credentialsFor(target),
		parameters: { operation: 'getMany', returnAll: true, options: options(target) },
	});
	if (run.error) throw run.error;
	return run.outputs[0] ?? [];
}

/** One trigger per child, polled like an active workflow (trigger mode, reused PollContext). */
export class TriggerDrain {
	private readonly poller: Poller;

	constructor(target: EngineTarget) {
		this.poller = createPoller({
			nodeType: new MobsetSmsReportsTrigger(),
			credentials: credentialsFor(target),
			mode: 'trigger',
			// A cap above every backlog in the benchmark: one poll drains it all.
			parameters: { maxReportsPerPoll: 1_000_000, options: options(target) },
		});
	}

	async poll(): Promise<INodeExecutionData[]> {
		const result = await this.poller.poll();
		if (result.error) throw result.error;
		return result.result?.[0] ?? [];
	}
}

/**
 * "Mobset SMS", Message → Send, run as a workflow: `count` customers, one number each, the same
 * text, with Combine Identical Messages as the target says.
 */
export async function sendToCustomers(target: EngineTarget, count: number): Promise<INodeExecutionData[]> {
	const run = await runNode({
		nodeType: new MobsetSms(),
		credentials: credentialsFor(target),
		inputItems: Array.from({ length: count }, (_, i) => ({ json: { customer: `Customer ${i}`, phone: String(13800000000 + i) } })),
		parameters: {
			resource: 'message',
			operation: 'send',
			phoneNumbers: '={{ $json.phone }}',
			message: 'Your order has shipped.',
			options: { combineIdentical: target.combine !== false },
		},
	});
	if (run.error) throw run.error;
	return run.outputs[0] ?? [];
}
