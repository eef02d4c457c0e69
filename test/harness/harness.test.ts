// Proves the harness runs nodes through n8n's real engine and sends real HTTP through n8n's helpers,
// using throwaway node types and a bare loopback server (no simulator needed).
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeType, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MobsetApi } from '../../credentials/MobsetApi.credentials';
import { secretKey } from '../../nodes/protocol/signing';
import {
	createPoller,
	logText,
	pollTrigger,
	runNode,
	startCaptureServer,
	testCredential,
	type CaptureServer,
} from '../../tools/harness/engine';

const PASSWORD = 'harness-Pa55word';

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
		properties: [
			{ displayName: 'Method', name: 'method', type: 'string', default: 'SmsGetReport' },
			{ displayName: 'Catch Errors Itself', name: 'catchErrors', type: 'boolean', default: false },
		],
	},
	async execute(this: IExecuteFunctions) {
		this.logger.info('probe starts', { node: this.getNode().name });
		this.addExecutionHints({ message: 'probe hint', location: 'outputPane' });
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'mobsetApi', {
				method: 'POST',
				url: '',
				body: { Methods: this.getNodeParameter('method', 0) as string },
				json: true,
			})) as IDataObject;
			return [[{ json: { ...response, typeVersion: this.getNode().typeVersion }, pairedItem: { item: 0 } }]];
		} catch (error) {
			if (this.getNodeParameter('catchErrors', 0) && this.continueOnFail()) {
				return [[{ json: { error: (error as Error).message }, pairedItem: { item: 0 } }]];
			}
			throw error;
		}
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
		return [
			[
				{
					json: {
						...response,
						mode: this.getMode(),
						pollTimes: this.getNodeParameter('pollTimes') as IDataObject,
						budget: typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : null,
					},
				},
			],
		];
	},
};

let server: CaptureServer;
let credentials: ICredentialDataDecryptedObject;

beforeEach(async () => {
	server = await startCaptureServer();
	credentials = { corpId: '100000', loginName: 'admin', password: PASSWORD, baseUrl: server.url, transport: 'http' };
});

afterEach(async () => {
	await server.close();
});

const reply = (status: number, body: unknown) =>
	server.respondWith((_request, response) => {
		response.writeHead(status, { 'Content-Type': 'application/json' });
		response.end(typeof body === 'string' ? body : JSON.stringify(body));
	});

describe('runNode', () => {
	it('sends a signed form request through n8n\'s HTTP helpers and returns the node\'s items', async () => {
		reply(200, { Code: '1', Message: 'ok', Details: [{ SmsId: '1' }] });

		const result = await runNode({ nodeType: probeNode, credentials });

		expect(result.error).toBeUndefined();
		expect(result.outputs).toEqual([
			[{ json: { Code: '1', Message: 'ok', Details: [{ SmsId: '1' }], typeVersion: 2 }, pairedItem: { item: 0 } }],
		]);
		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/SDK3/Sms');
		// n8n's outbound client names itself; a request made any other way would not.
		expect(request.headers['user-agent']).toMatch(/n8n/);
		expect(request.fieldOrder).toEqual(['CorpID', 'LoginName', 'TimeStamp', 'SecretKey', 'Methods']);
		expect(request.fields.SecretKey).toBe(secretKey('100000', PASSWORD, request.fields.TimeStamp));
		expect(request.body).not.toContain(PASSWORD);
		expect(result.signedRequests).toHaveLength(1);
		expect(result.taskData?.executionStatus).toBe('success');
	});

	it('runs the requested type version and hands the Start node\'s items to the node', async () => {
		const echo: INodeType = {
			description: { ...probeNode.description, name: 'echo', credentials: [] },
			async execute(this: IExecuteFunctions) {
				return [this.getInputData().map((item, index) => ({ json: { ...item.json, v: this.getNode().typeVersion }, pairedItem: { item: index } }))];
			},
		};

		const result = await runNode({ nodeType: echo, typeVersion: 1, inputItems: [{ json: { a: 1 } }, { json: { a: 2 } }] });

		expect(result.outputs[0].map((item) => item.json)).toEqual([{ a: 1, v: 1 }, { a: 2, v: 1 }]);
	});

	it('reports hints and log lines the node produced', async () => {
		const result = await runNode({ nodeType: probeNode, credentials });

		expect(result.hints).toEqual([expect.objectContaining({ message: 'probe hint' })]);
		expect(result.logs).toContainEqual(expect.objectContaining({ level: 'info', message: 'probe starts' }));
	});

	it('returns the NodeApiError instance of a failed request, logged, with no password in any log', async () => {
		reply(500, { Message: 'boom' });

		const result = await runNode({ nodeType: probeNode, credentials });

		expect(result.outputs).toEqual([]);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('500');
		expect(result.storedError).toEqual(expect.objectContaining({ name: 'NodeApiError', httpCode: '500' }));
		expect(result.taskData?.executionStatus).toBe('error');
		expect(result.run?.status).toBe('error');
		expect(result.logs.filter((line) => line.level === 'error')).not.toHaveLength(0);
		expect(logText(result.logs)).not.toContain(PASSWORD);
	});

	it('wraps a credential that cannot sign in a NodeApiError before anything is sent', async () => {
		const result = await runNode({ nodeType: probeNode, credentials: { ...credentials, corpId: '12ab' } });

		expect(server.requests).toHaveLength(0);
		expect(result.error).toBeInstanceOf(NodeApiError);
	});

	it('continues on fail as the "On Error: Continue" setting asks', async () => {
		reply(500, { Message: 'boom' });

		const caught = await runNode({ nodeType: probeNode, credentials, parameters: { catchErrors: true }, continueOnFail: true });
		expect(caught.error).toBeUndefined();
		expect(caught.outputs[0][0].json.error).toEqual(expect.any(String));

		// A node that throws anyway: n8n passes its input through and keeps the error on the run.
		const thrown = await runNode({ nodeType: probeNode, credentials, onError: 'continueRegularOutput', inputItems: [{ json: { kept: true } }] });
		expect(thrown.error).toBeInstanceOf(NodeApiError);
		expect(thrown.outputs[0].map((item) => item.json)).toEqual([{ kept: true }]);
	});

	it('routes items with an error to the error output under "On Error: Continue (using error output)"', async () => {
		reply(500, { Message: 'boom' });

		const result = await runNode({ nodeType: probeNode, credentials, parameters: { catchErrors: true }, onError: 'continueErrorOutput' });

		expect(result.outputs).toHaveLength(2);
		expect(result.outputs[0]).toEqual([]);
		expect(result.outputs[1]).toEqual([expect.objectContaining({ json: { error: expect.any(String) } })]);
	});

	it('reports a node run without its credential as the error, with nothing sent', async () => {
		const result = await runNode({ nodeType: probeNode });

		expect(server.requests).toHaveLength(0);
		// n8n's helper wraps every failure before the request (here: no credential) in a NodeApiError.
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(/credentials/i);
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
	it('polls repeatedly on one workflow, sharing static data, saving it as an active workflow does', async () => {
		const poller = createPoller({ nodeType: probeTrigger, credentials, mode: 'trigger' });

		const empty = await poller.poll();
		expect(empty.result).toBeNull();
		expect(empty.nodeStaticData).toEqual({ polls: 1 });
		expect(empty.savedStaticData).toEqual({ 'node:Probe Trigger': { polls: 1 } });

		reply(200, { Code: '2', Details: [] });
		const full = await poller.poll();
		expect(full.result).toEqual([
			[
				{
					json: {
						Code: '2',
						Details: [],
						mode: 'trigger',
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						budget: 5 * 60 * 1000,
					},
				},
			],
		]);
		expect(full.nodeStaticData).toEqual({ polls: 2 });
		expect(full.savedStaticData).toEqual({ 'node:Probe Trigger': { polls: 2 } });
		expect(server.requests).toHaveLength(2);
	});

	it('hands a trigger-mode failure to n8n as an error instead of throwing', async () => {
		reply(503, 'down');

		const result = await pollTrigger({ nodeType: probeTrigger, credentials, mode: 'trigger' });

		expect(result.result).toBeNull();
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('503');
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
	const type = new MobsetApi();

	it('signs the test request and passes on a non-negative Code', async () => {
		const result = await testCredential({ credentialType: type, data: credentials });

		expect(result).toEqual(expect.objectContaining({ status: 'OK', message: 'Connection successful!' }));
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].fields.Methods).toBe('SmsGetBalance');
		expect(server.requests[0].fields.SecretKey).toBe(secretKey('100000', PASSWORD, server.requests[0].fields.TimeStamp));
	});

	it('fails with the message of the first matching responseSuccessBody rule', async () => {
		reply(200, { code: -2, msg: 'x' });

		const result = await testCredential({ credentialType: type, data: credentials });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Code -2/);
	});

	it('reports an unreachable server by its socket error code', async () => {
		await server.close();

		const result = await testCredential({ credentialType: type, data: credentials });

		expect(result).toEqual(expect.objectContaining({ status: 'Error', message: 'ECONNREFUSED' }));
		server = await startCaptureServer();
	});
});
