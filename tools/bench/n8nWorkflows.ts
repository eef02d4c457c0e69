// The two workflows the real-n8n comparison runs, both started by a webhook whose answer waits for
// the last node (so the caller's clock covers the whole drain):
//   node: Webhook → Mobset SMS Reports (Return All)
//   DIY:  Webhook → Set (TimeStamp) → Crypto (MD5 SecretKey) → HTTP Request (pagination) → Code
// The DIY is what a user builds from n8n's own nodes without this package, kept as lean as it can
// be: it signs once per run (Mobset accepts a TimeStamp for 20 minutes, so a longer drain would
// start failing), stops at the first short page, and flattens the pages without mapping anything.
import type { Workflow } from '../n8n/setup';

export interface SimulatorTarget {
	url: string;
	account: { corpId: string; loginName: string; password: string };
}

const settings = { executionOrder: 'v1' };

function webhookNode(path: string) {
	return {
		id: `${path}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `${path}-hook`,
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
	};
}

function chain(names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

export function nodeWorkflow(id: string, path: string, credentialId: string, parallel: number): Workflow {
	return {
		id,
		name: `Bench: node (${path})`,
		nodes: [
			webhookNode(path),
			{
				id: `${path}-reports`,
				name: 'Mobset SMS Reports',
				type: 'n8n-nodes-mobset.mobsetSmsReports',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					operation: 'getMany',
					returnAll: true,
					options: parallel > 1 ? { parallelRequests: parallel } : {},
				},
				credentials: { mobsetApi: { id: credentialId, name: `Mobset ${credentialId}` } },
			},
		],
		connections: chain(['Webhook', 'Mobset SMS Reports']),
		settings,
	};
}

export function diyWorkflow(id: string, path: string, target: SimulatorTarget): Workflow {
	const { corpId, loginName, password } = target.account;
	return {
		id,
		name: `Bench: do it yourself (${path})`,
		nodes: [
			webhookNode(path),
			{
				id: `${path}-timestamp`,
				name: 'Beijing TimeStamp',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{
								id: 'ts',
								name: 'TimeStamp',
								type: 'string',
								value: "={{ $now.setZone('Asia/Shanghai').toFormat('yyyyMMddHHmmss') }}",
							},
						],
					},
					options: {},
				},
			},
			{
				id: `${path}-md5`,
				name: 'SecretKey',
				type: 'n8n-nodes-base.crypto',
				typeVersion: 2,
				position: [440, 0],
				parameters: {
					action: 'hash',
					type: 'MD5',
					value: `={{ '${corpId}' + '${password}' + $json.TimeStamp }}`,
					dataPropertyName: 'SecretKey',
					encoding: 'hex',
				},
			},
			{
				id: `${path}-http`,
				name: 'SmsGetReport',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [660, 0],
				parameters: {
					method: 'POST',
					url: target.url,
					sendBody: true,
					contentType: 'form-urlencoded',
					bodyParameters: {
						parameters: [
							{ name: 'CorpID', value: corpId },
							{ name: 'LoginName', value: loginName },
							{ name: 'TimeStamp', value: '={{ $json.TimeStamp }}' },
							{ name: 'SecretKey', value: '={{ $json.SecretKey }}' },
							{ name: 'Methods', value: 'SmsGetReport' },
						],
					},
					options: {
						allowUnauthorizedCerts: target.url.startsWith('https:'),
						response: { response: { responseFormat: 'json' } },
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								// The queue hands out the next batch to the same request; nothing changes.
								parameters: { parameters: [{ type: 'body', name: 'Methods', value: 'SmsGetReport' }] },
								paginationCompleteWhen: 'other',
								completeExpression: '={{ ($response.body.Details || []).length < 50 }}',
							},
						},
					},
				},
			},
			{
				id: `${path}-flatten`,
				name: 'One item per report',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [880, 0],
				parameters: {
					jsCode: 'return $input.all().flatMap((page) => (page.json.Details || []).map((report) => ({ json: report })));',
				},
			},
		],
		connections: chain(['Webhook', 'Beijing TimeStamp', 'SecretKey', 'SmsGetReport', 'One item per report']),
		settings,
	};
}

/** How much a user has to build and get right: nodes after the trigger, expressions, code. */
export function complexity(workflow: Workflow): { nodes: number; expressions: number; codeLines: number } {
	const steps = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.webhook');
	let expressions = 0;
	let codeLines = 0;
	const visit = (value: unknown, key: string) => {
		if (typeof value === 'string') {
			if (value.startsWith('=')) expressions++;
			if (key === 'jsCode') codeLines += value.split('\n').length;
		} else if (Array.isArray(value)) value.forEach((item) => visit(item, key));
		else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
	};
	for (const node of steps) visit(node.parameters, '');
	return { nodes: steps.length, expressions, codeLines };
}
