// The password never leaves the credential: not on the wire, not in an item, an error, a hint, the
// execution data, the static data or a log line, in success, in every fault, in every
// configuration error, in the credential test and in the trigger's partial failures. Requests carry
// only the SecretKey signed for their own TimeStamp.
import type { IDataObject } from 'n8n-workflow';

import { MobsetApi } from '../../credentials/MobsetApi.credentials';
import { MobsetSmsReports } from '../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { MobsetSmsRepliesTrigger } from '../../nodes/MobsetSmsRepliesTrigger/MobsetSmsRepliesTrigger.node';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { secretKey } from '../../nodes/protocol/signing';
import { startSimulator, type FaultSpec, type MobsetSimulator } from '../../tools/simulator';
import {
	capturedLogs,
	createPoller,
	logText,
	runNode,
	startCaptureServer,
	testCredential,
	type PollResult,
	type RunNodeResult,
	type SignedRequest,
	type TestCredentialResult,
} from '../../tools/harness';
import { render } from '../../tools/harness/logCapture';
import { leakForms, leaksIn } from './support/secrets';

// Characters a form or URL encoder would escape, and non-ASCII, so an encoded leak is caught too.
const PASSWORD = 'S3cr3t & pässwörd=+%/?#';
const CORP_ID = '100000';
const LOGIN = 'admin';
const FORBIDDEN = leakForms(PASSWORD, CORP_ID);

let sim: MobsetSimulator;
let tls: MobsetSimulator;
/** Every SecretKey that went on the wire: allowed there, nowhere in what the user or the logs see. */
const sentKeys = new Set<string>();
const logMark = capturedLogs.mark();

beforeAll(async () => {
	const account = { corpId: CORP_ID, loginName: LOGIN, password: PASSWORD };
	sim = await startSimulator({ port: 0, seed: 3, accounts: [account] });
	tls = await startSimulator({ port: 0, seed: 4, accounts: [account], https: true });
});

afterAll(async () => {
	await sim.close();
	await tls.close();
});

beforeEach(() => {
	sim.reset();
	tls.reset();
});

/** Everything reachable from a value as text: errors with message, stack, cause and own fields. */
const deepText = render;

function expectSignedOnly(requests: SignedRequest[]): void {
	for (const { options } of requests) {
		const body = options.body as IDataObject;
		expect(Object.keys(body).sort()).toEqual(['CorpID', 'LoginName', 'Methods', 'SecretKey', 'TimeStamp']);
		expect(body.SecretKey).toBe(secretKey(CORP_ID, PASSWORD, String(body.TimeStamp)));
		sentKeys.add(String(body.SecretKey));
		expect(leaksIn(deepText({ ...options, abortSignal: undefined }), FORBIDDEN)).toEqual([]);
	}
}

/** No password form anywhere; no SecretKey outside the request itself. */
function expectNoLeak(what: string, seen: unknown): void {
	const text = deepText(seen);
	expect({ what, leaks: leaksIn(text, FORBIDDEN) }).toEqual({ what, leaks: [] });
	expect({ what, keys: leaksIn(text, [...sentKeys]) }).toEqual({ what, keys: [] });
}

function expectRunClean(what: string, run: RunNodeResult): void {
	expectSignedOnly(run.signedRequests);
	expectNoLeak(what, {
		outputs: run.outputs,
		error: run.error,
		errorText: [run.error?.message, (run.error as { description?: string })?.description, run.error?.stack],
		storedError: run.storedError,
		hints: run.hints,
		runData: run.runData,
		resultData: run.run?.data,
		staticData: run.staticData,
		node: run.node,
		logs: logText(run.logs),
	});
}

function expectPollClean(what: string, poll: PollResult): void {
	expectSignedOnly(poll.signedRequests);
	expectNoLeak(what, {
		result: poll.result,
		error: poll.error,
		errorText: [poll.error?.message, (poll.error as { description?: string })?.description, poll.error?.stack],
		staticData: poll.staticData,
		saved: poll.savedStaticData,
		logs: logText(poll.logs),
	});
}

function expectTestClean(what: string, result: TestCredentialResult): void {
	expectSignedOnly(result.signedRequests);
	expectNoLeak(what, { status: result.status, message: result.message, error: result.error, logs: logText(result.logs) });
}

const credentials = (target: MobsetSimulator = sim, change: IDataObject = {}) => ({
	corpId: CORP_ID,
	loginName: LOGIN,
	password: PASSWORD,
	baseUrl: target.url,
	...change,
});

async function getMany(parameters: IDataObject = {}, extra: { target?: MobsetSimulator; change?: IDataObject; continueOnFail?: boolean } = {}) {
	return await runNode({
		nodeType: new MobsetSmsReports(),
		credentials: credentials(extra.target, extra.change),
		parameters: { operation: 'getMany', returnAll: true, options: { requestTimeout: 1 }, ...parameters },
		continueOnFail: extra.continueOnFail,
	});
}

describe('Get Many', () => {
	it('success, split by outcome, raw reports included', async () => {
		sim.seedReports(120, { allStatuses: true });
		const run = await getMany({ splitByOutcome: true });
		expect(run.outputs.flat()).toHaveLength(120);
		expectRunClean('success', run);
	});

	const faults: Array<[string, FaultSpec]> = [
		['HTTP 500', { kind: 'http500' }],
		['an HTML 502 page', { kind: 'html502' }],
		['a truncated answer', { kind: 'truncatedJson' }],
		['a reset before dequeue', { kind: 'reset' }],
		['a stall past the time-out', { kind: 'stall' }],
		['a dripping answer', { kind: 'trickle', intervalMs: 100 }],
		['a drop after dequeue', { kind: 'dropAfterDequeue' }],
		['an auth failure', { kind: 'authFailure' }],
		['a clock-skew rejection', { kind: 'clockSkew' }],
		['HTTP 429', { kind: 'respond', status: 429, headers: { 'Retry-After': '9' }, body: '' }],
		['HTTP 301', { kind: 'respond', status: 301, headers: { Location: 'https://elsewhere.invalid/' }, body: '' }],
		['an answer without Code', { kind: 'respond', body: { Message: 'x' } }],
		// A service or proxy that quotes the signed request back: the SecretKey must not travel on.
		['Mobset echoing the request in Message', { kind: 'respond', body: { Code: '-1', Message: 'bad request: {{request}}' } }],
		['an unknown Code echoing the request', { kind: 'respond', body: { Code: '-77', Message: '{{request}}' } }],
		['a proxy page echoing the request in its title', { kind: 'respond', headers: { 'Content-Type': 'text/html' }, body: '<html><title>{{request}}</title></html>' }],
		['a redirect echoing the request', { kind: 'respond', status: 302, headers: { Location: 'https://proxy.invalid/?{{request}}' }, body: '' }],
	];

	it.each(faults)('fails on %s without a trace of the password', async (_name, fault) => {
		sim.seedReports(30);
		sim.injectFault(fault);
		const run = await getMany();
		expect(run.error ?? run.hints[0]).toBeDefined();
		expectRunClean(_name, run);
	});

	it.each(faults)('warns on %s after earlier calls, without a trace of the password', async (_name, fault) => {
		sim.seedReports(80);
		sim.injectFault({ ...fault, afterCalls: 1 });
		const run = await getMany();
		expectRunClean(`${_name} after a full page`, run);
	});

	it('outputs an error item under Continue On Fail', async () => {
		sim.injectFault({ kind: 'http500' });
		const run = await getMany({}, { continueOnFail: true });
		expect(run.outputs[0][0].json.error).toBeDefined();
		expectRunClean('continue on fail', run);
	});

	it.each([
		['a wrong password', { password: 'definitely-not-it' }],
		['a CorpID of the wrong shape', { corpId: '12ab' }],
		['a Login Name with spaces', { loginName: 'ad min' }],
		['a Base URL that is not a URL', { baseUrl: 'not a url' }],
		['an unreachable port', { baseUrl: 'http://127.0.0.1:9/SDK3/Sms' }],
	])('fails on %s without a trace of the password', async (_name, change) => {
		const run = await getMany({}, { change });
		expect(run.error).toBeDefined();
		// Signed with another password, or not at all: check what was sent against its own password.
		expectNoLeak(_name, { run: { ...run, signedRequests: undefined }, logs: logText(run.logs) });
	});

	it('fails on Mobset\'s clock being off without a trace of the password', async () => {
		sim.setSwitches({ clockOffsetMs: -30 * 60_000 });
		const run = await getMany();
		expect(run.error?.message).toMatch(/Code -12/);
		expectRunClean('real clock skew', run);
	});

	it('refuses a self-signed certificate, and uses it when told to, without a trace of the password', async () => {
		tls.seedReports(3);
		const refused = await getMany({}, { target: tls });
		expect(refused.error?.message).toMatch(/certificate/);
		expectRunClean('self-signed refused', refused);
		const accepted = await getMany({}, { target: tls, change: { ignoreSslIssues: true } });
		expect(accepted.outputs[0]).toHaveLength(3);
		expectRunClean('self-signed accepted', accepted);
	});
});

describe('the trigger', () => {
	const trigger = (parameters: IDataObject = {}, mode: 'trigger' | 'manual' = 'trigger') =>
		createPoller({
			nodeType: new MobsetSmsReportsTrigger(),
			credentials: credentials(),
			parameters: { options: { requestTimeout: 1, skipSeen: true }, ...parameters },
			mode,
		});

	it('polls, remembers what it saw, fails partly and wholly, without a trace of the password', async () => {
		const poller = trigger();
		sim.seedReports(70);
		expectPollClean('poll', await poller.poll());
		sim.seedReports(120);
		sim.injectFault({ kind: 'html502', afterCalls: 1 });
		const partial = await poller.poll();
		expect(partial.logs.some((line) => line.level === 'error')).toBe(true);
		expectPollClean('partial failure', partial);
		sim.injectFault({ kind: 'authFailure' });
		const failed = await poller.poll();
		expect(failed.error).toBeDefined();
		expectPollClean('failure', failed);
		sim.injectFault({ kind: 'stall' });
		expectPollClean('stall', await poller.poll());
	});

	it('the replies trigger hands over what it fetched when a later answer echoes the request, logging no trace of the password', async () => {
		sim.seedReplies(80);
		sim.injectFault({ kind: 'respond', method: 'SmsGetRecv', afterCalls: 1, body: { Code: '-77', Message: '{{request}}' } });
		const poll = await createPoller({
			nodeType: new MobsetSmsRepliesTrigger(),
			credentials: credentials(),
			parameters: { options: { requestTimeout: 1 } },
		}).poll();
		expect(poll.result?.[0]).toHaveLength(50);
		expect(poll.logs.some((line) => line.level === 'error')).toBe(true);
		expectPollClean('replies trigger, partial failure', poll);
	});

	it('test runs, sample and live, without a trace of the password', async () => {
		sim.seedReports(3);
		expectPollClean('sample', await trigger({}, 'manual').poll());
		expectPollClean('live test', await trigger({ testRunBehavior: 'live' }, 'manual').poll());
	});
});

describe('the credential Test button', () => {
	const credentialType = new MobsetApi();

	it('passes and fails without a trace of the password', async () => {
		expectTestClean('ok', await testCredential({ credentialType, data: credentials() }));
		sim.injectFault({ kind: 'http500', method: '*' });
		expectTestClean('HTTP 500', await testCredential({ credentialType, data: credentials() }));
		sim.injectFault({ kind: 'clockSkew', method: '*' });
		expectTestClean('clock skew', await testCredential({ credentialType, data: credentials() }));
		const tlsResult = await testCredential({ credentialType, data: credentials(tls) });
		expect(tlsResult.status).toBe('Error');
		expectTestClean('self-signed', tlsResult);
		const wrong = await testCredential({ credentialType, data: credentials(sim, { password: 'definitely-not-it' }) });
		expect(wrong.status).toBe('Error');
		expectNoLeak('wrong password', { message: wrong.message, logs: logText(wrong.logs) });
	});
});

describe('on the wire', () => {
	it('the nodes send CorpID, LoginName, TimeStamp, SecretKey and Methods, and nothing of the password', async () => {
		const server = await startCaptureServer();
		try {
			const change = { baseUrl: server.url };
			await runNode({ nodeType: new MobsetSmsReports(), credentials: credentials(sim, change), parameters: { operation: 'getMany' } });
			await createPoller({ nodeType: new MobsetSmsReportsTrigger(), credentials: credentials(sim, change) }).poll();
			expect(server.requests).toHaveLength(2);
			for (const request of server.requests) {
				expect(Object.keys(request.fields).sort()).toEqual(['CorpID', 'LoginName', 'Methods', 'SecretKey', 'TimeStamp']);
				expect(request.fields.SecretKey).toBe(secretKey(CORP_ID, PASSWORD, request.fields.TimeStamp));
				expect(leaksIn([request.url, request.body, JSON.stringify(request.headers)].join('\n'), FORBIDDEN)).toEqual([]);
			}
		} finally {
			await server.close();
		}
	});
});

describe('everything n8n logged in this file', () => {
	it('holds no form of the password and no SecretKey', () => {
		const lines = capturedLogs.since(logMark);
		expect(lines.length).toBeGreaterThan(20);
		expectNoLeak('all logs', logText(lines));
	});
});
