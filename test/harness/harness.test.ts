// What the harness claims beyond what the node tests exercise through it: that requests leave
// through n8n's own client, that a node is served as n8n's loader serves it (type version, Poll
// Times), and the paths the real nodes rarely take (an engine refusing to start, a trigger-mode
// save, a credential test that cannot connect). Throwaway node types and a bare loopback server.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeType, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MobsetApi } from '../../credentials/MobsetApi.credentials';
import { createPoller, pollTrigger, runNode, startCaptureServer, testCredential, type CaptureServer } from '../../tools/harness';

/** Calls SmsGetReport once through `httpRequestWithAuthentication` and returns the answer. */
const probeNode: INodeType = {
	description: {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: [1, 2],
		description: 'Test node',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'mobsetApi', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'mobsetApi', {
			method: 'POST',
			url: '',
			body: { Methods: 'SmsGetReport' },
			json: true,
		})) as IDataObject;
		const inputs = this.getInputData().map((item) => item.json);
		return [[{ json: { ...response, inputs, typeVersion: this.getNode().typeVersion }, pairedItem: { item: 0 } }]];
	},
};

/** Counts polls in static data; emits the answer when Code is positive. */
const probeTrigger: INodeType = {
	description: {
		displayName: 'Probe Trigger',
		name: 'probeTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test trigger',
		defaults: { name: 'Probe Trigger' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'mobsetApi', required: true }],
		properties: [],
	},
	async poll(this: IPollFunctions) {
		const state = this.getWorkflowStaticData('node');
		state.polls = ((state.polls as number | undefined) ?? 0) + 1;
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'mobsetApi', {
			method: 'POST',
			url: '',
			body: { Methods: 'SmsGetReport' },
			json: true,
		})) as IDataObject;
		if (Number(response.Code) <= 0) return null;
		const pollTimes = this.getNodeParameter('pollTimes') as IDataObject;
		return [[{ json: { mode: this.getMode(), pollTimes, budget: this.getPollBudgetMs() } }]];
	},
};

let server: CaptureServer;
let credentials: ICredentialDataDecryptedObject;

beforeEach(async () => {
	server = await startCaptureServer();
	credentials = { corpId: '100000', loginName: 'admin', password: 'harness-Pa55word', baseUrl: server.url, transport: 'http' };
});

afterEach(async () => {
	await server.close();
});

const reply = (status: number, body: unknown) =>
	server.respondWith((_request, response) => {
		response.writeHead(status, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify(body));
	});

describe('runNode', () => {
	it('sends through n8n\'s own client, signed, and runs the latest type version on the Start node\'s items', async () => {
		reply(200, { Code: '1' });

		const result = await runNode({ nodeType: probeNode, credentials, inputItems: [{ json: { a: 1 } }, { json: { a: 2 } }] });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json)).toEqual([{ Code: '1', inputs: [{ a: 1 }, { a: 2 }], typeVersion: 2 }]);
		// n8n's outbound client names itself; a request made any other way would not.
		expect(server.requests.map((request) => request.headers['user-agent'])).toEqual([expect.stringMatching(/n8n/)]);
		expect(server.requests[0].fields.SecretKey).toMatch(/^[0-9a-f]{32}$/);
		expect(result.signedRequests).toHaveLength(1);
	});

	it('runs the type version asked for', async () => {
		const result = await runNode({ nodeType: probeNode, credentials, typeVersion: 1 });

		expect(result.outputs[0][0].json.typeVersion).toBe(1);
	});

	it('returns the live error instance the node threw beside n8n\'s stored copy', async () => {
		reply(500, { Message: 'boom' });

		const result = await runNode({ nodeType: probeNode, credentials });

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.storedError).not.toBeInstanceOf(NodeApiError);
		expect(result.storedError).toEqual(expect.objectContaining({ name: 'NodeApiError', httpCode: '500' }));
		expect(result.run?.status).toBe('error');
	});

	it('reports a workflow the engine refuses to start (a required parameter is empty) as the error', async () => {
		const strict: INodeType = {
			description: {
				...probeNode.description,
				name: 'strict',
				properties: [{ displayName: 'Needed', name: 'needed', type: 'string', default: '', required: true }],
			},
			execute: probeNode.execute,
		};

		const result = await runNode({ nodeType: strict, credentials });

		expect(server.requests).toHaveLength(0);
		expect(result.run).toBeUndefined();
		expect(result.error?.name).toBe('WorkflowHasIssuesError');
	});
});

describe('createPoller / pollTrigger', () => {
	it('serves Poll Times as n8n\'s loader does and saves changed static data when items are emitted, as n8n 2.41.1 does', async () => {
		const poller = createPoller({ nodeType: probeTrigger, credentials, mode: 'trigger' });

		const empty = await poller.poll();
		expect(empty.result).toBeNull();
		expect(empty.savedStaticData).toBeUndefined();

		reply(200, { Code: '2' });
		const full = await poller.poll();
		expect(full.result?.[0][0].json).toEqual({ mode: 'trigger', pollTimes: { item: [{ mode: 'everyMinute' }] }, budget: 5 * 60 * 1000 });
		expect(full.savedStaticData).toEqual({ 'node:Probe Trigger': { polls: 2 } });
	});

	it('saves nothing for a manual poll, and continues from given static data', async () => {
		reply(200, { Code: '1' });

		const result = await pollTrigger({
			nodeType: probeTrigger,
			credentials,
			mode: 'manual',
			staticData: { 'node:Probe Trigger': { polls: 41 } },
			pollBudgetMs: 1234,
		});

		expect(result.result?.[0][0].json).toEqual(expect.objectContaining({ mode: 'manual', budget: 1234 }));
		expect(result.nodeStaticData).toEqual({ polls: 42 });
		expect(result.savedStaticData).toBeUndefined();
	});
});

describe('testCredential', () => {
	it('reports an unreachable server by its socket error code', async () => {
		await server.close();

		const result = await testCredential({ credentialType: new MobsetApi(), data: credentials });

		expect(result).toEqual(expect.objectContaining({ status: 'Error', message: 'ECONNREFUSED' }));
		server = await startCaptureServer();
	});
});
