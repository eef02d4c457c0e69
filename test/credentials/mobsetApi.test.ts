// The Mobset API credential: how it signs, which endpoint it picks, and what the Test button says,
// checked against the signing vectors, other time zones, the simulator and a raw loopback server.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeType } from 'n8n-workflow';
import { NodeHelpers, resetSafeRegexEngine, setSafeRegexEngine } from 'n8n-workflow';
import { request } from 'undici';

import { MobsetApi } from '../../credentials/MobsetApi.credentials';
import { MobsetSmsReports } from '../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { checkCorpId, resolveEndpoint } from '../../nodes/protocol/endpoint';
import { beijingTimestamp, parseBeijingTimestamp, secretKey } from '../../nodes/protocol/signing';
import { credentialTestRules } from '../../nodes/shared/errors';
import { startSimulator, type MobsetSimulator } from '../../tools/simulator';
import { evaluateInChild } from '../../tools/harness/childProcess';
import { checkCredentialTestRules } from '../../tools/harness/credentialTestRules';
import { logText, runNode, startCaptureServer, testCredential, type CaptureServer } from '../../tools/harness';

const MINUTE = 60_000;
const credentialType = new MobsetApi();

describe('SecretKey', () => {
	it.each([
		['100000', 'secret123', '20240101120000', 'ec8975c09a8765e91605c953b08f90fe'],
		['305552', 'Pa55word', '20250303155321', '664974a14013a0b9b8ff4a0dcfb7ef06'],
		// Non-ASCII passwords are hashed as UTF-8 bytes (computed with `printf %s ... | md5sum`).
		['100000', 'pässwort', '20240101120000', 'c775a50a0cc1c41285c5958ba40ea40f'],
		['100000', '密码Pa55', '20240101120000', 'aa27dd9e194aad3422ce9bd915fe9a0d'],
	])('MD5(%s + %s + %s) is %s', (corpId, password, timeStamp, expected) => {
		expect(secretKey(corpId, password, timeStamp)).toBe(expected);
	});
});

describe('Beijing TimeStamp', () => {
	// Expected strings worked out by hand: UTC + 8 hours, no daylight saving.
	const instants: Array<[string, string]> = [
		['2024-01-01T04:00:00.000Z', '20240101120000'], // the first signing vector's time
		['2025-03-03T07:53:21.000Z', '20250303155321'], // the second one's
		['2024-07-04T23:30:15.000Z', '20240705073015'], // evening in America, next morning in Beijing
		['2024-03-10T06:59:59.000Z', '20240310145959'], // New York 01:59:59 EST, one second before DST
		['2024-03-10T07:00:00.000Z', '20240310150000'], // New York 03:00:00 EDT
		['2024-11-03T05:30:00.000Z', '20241103133000'], // New York 01:30 EDT ...
		['2024-11-03T06:30:00.000Z', '20241103143000'], // ... and 01:30 EST again, an hour later
		['2024-12-31T16:00:00.000Z', '20250101000000'], // new year in Beijing first
		['2024-02-28T16:00:00.000Z', '20240229000000'], // leap day
	];

	/** UTC offsets (`getTimezoneOffset`) the child must report at the instants, proving TZ took effect. */
	const zones: Record<string, number[]> = {
		'America/Los_Angeles': [480, 480, 420, 480, 480, 420, 420, 480, 480],
		'America/New_York': [300, 300, 240, 300, 240, 240, 300, 300, 300],
		'Pacific/Kiritimati': Array(instants.length).fill(-840),
		UTC: Array(instants.length).fill(0),
		'Asia/Shanghai': Array(instants.length).fill(-480),
	};

	interface ChildReport {
		zone: string;
		offsets: number[];
		stamps: string[];
		parsed: Array<string | null>;
		nowDriftMs: number;
		vector: string;
	}

	let reports: Record<string, ChildReport>;

	beforeAll(async () => {
		// One fresh process per zone: TZ is fixed when a process first reads the clock.
		const script = `
			const { beijingTimestamp, parseBeijingTimestamp, secretKey } = require('./nodes/protocol/signing.ts');
			const instants = ${JSON.stringify(instants.map(([iso]) => iso))};
			const stamps = instants.map((iso) => beijingTimestamp(new Date(iso)));
			const now = Date.now();
			report({
				zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
				offsets: instants.map((iso) => new Date(iso).getTimezoneOffset()),
				stamps,
				parsed: stamps.map((stamp) => parseBeijingTimestamp(stamp)?.toISOString() ?? null),
				nowDriftMs: Math.abs(parseBeijingTimestamp(beijingTimestamp()).getTime() - now),
				vector: secretKey('100000', 'secret123', beijingTimestamp(new Date(instants[0]))),
			});`;
		const entries = await Promise.all(
			Object.keys(zones).map(async (zone) => [zone, await evaluateInChild<ChildReport>(script, { TZ: zone })] as const),
		);
		reports = Object.fromEntries(entries);
		// Each child transpiles TypeScript on load: seconds each, far more on a busy machine.
	}, 120_000);

	it.each(Object.keys(zones))('is the same in %s', (zone) => {
		const report = reports[zone];
		expect(report.offsets).toEqual(zones[zone]);
		expect(report.stamps).toEqual(instants.map(([, stamp]) => stamp));
		expect(report.parsed).toEqual(instants.map(([iso]) => iso));
		expect(report.nowDriftMs).toBeLessThan(2000);
		expect(report.vector).toBe('ec8975c09a8765e91605c953b08f90fe');
	});

	it('is the same in this process too', () => {
		expect(instants.map(([iso]) => beijingTimestamp(new Date(iso)))).toEqual(instants.map(([, stamp]) => stamp));
	});

	it.each(['20241301120000', '20240230120000', '20240101240000', '2024010112000', 'x0240101120000'])(
		'rejects %s when parsing',
		(stamp) => {
			expect(parseBeijingTimestamp(stamp)).toBeUndefined();
		},
	);
});

describe('endpoint', () => {
	it.each([
		['100000', 'https', 'https://sms.mobset.com:843/SDK3/Sms'],
		['199999', 'https', 'https://sms.mobset.com:843/SDK3/Sms'],
		['200000', 'https', 'https://sms2.mobset.com:843/SDK3/Sms'],
		['299999', 'http', 'http://sms2.mobset.com:8095/SDK3/Sms'],
		['300000', 'http', 'http://sms3.mobset.com:8095/SDK3/Sms'],
		['399999', 'https', 'https://sms3.mobset.com:843/SDK3/Sms'],
		[' 305552 ', 'https', 'https://sms3.mobset.com:843/SDK3/Sms'],
	] as const)('CorpID %s over %s is %s', (corpId, transport, url) => {
		expect(resolveEndpoint(corpId, transport)).toEqual({ ok: true, value: url });
	});

	it('uses the Base URL when one is given, whatever the CorpID', () => {
		expect(resolveEndpoint('100000', 'https', ' http://127.0.0.1:9/SDK3/Sms ')).toEqual({ ok: true, value: 'http://127.0.0.1:9/SDK3/Sms' });
		expect(resolveEndpoint('999999', 'https', 'https://45.116.33.133:8095/SDK3/Sms')).toEqual({ ok: true, value: 'https://45.116.33.133:8095/SDK3/Sms' });
	});

	it.each(['12345', '1234567', '12ab56', '', '１２３４５６'])('refuses the CorpID "%s" as not six digits', (corpId) => {
		const problem = { ok: false, problem: expect.stringMatching(/six-digit enterprise ID/) };
		expect(resolveEndpoint(corpId, 'https')).toEqual(problem);
		expect(checkCorpId(corpId)).toEqual(problem);
	});

	it.each(['099999', '400000', '999999'])('asks for a Base URL for CorpID %s outside the known platforms', (corpId) => {
		expect(resolveEndpoint(corpId, 'https')).toEqual({ ok: false, problem: expect.stringMatching(/outside the known platform ranges.*Base URL/) });
	});

	it.each([
		['sms.mobset.com/SDK3/Sms', /is not a URL/],
		['ftp://sms.mobset.com/SDK3/Sms', /must start with https:\/\/ or http:\/\//],
	])('refuses the Base URL %s', (baseUrl, message) => {
		expect(resolveEndpoint('100000', 'https', baseUrl)).toEqual({ ok: false, problem: expect.stringMatching(message) });
	});
});

describe('authenticate()', () => {
	const base = { corpId: '100000', loginName: 'admin', password: 'secret123' };
	const sign = async (credentials: ICredentialDataDecryptedObject, options: Partial<IHttpRequestOptions> = {}) =>
		await credentialType.authenticate(credentials, { url: '', method: 'POST', body: { Methods: 'SmsGetReport' }, ...options });

	afterEach(() => {
		jest.useRealTimers();
	});

	it('signs with the current Beijing time: the first signing vector at 2024-01-01 12:00 Beijing', async () => {
		jest.useFakeTimers({ now: new Date('2024-01-01T04:00:00Z') });

		const signed = await sign(base);

		expect(signed.url).toBe('https://sms.mobset.com:843/SDK3/Sms');
		expect(signed.method).toBe('POST');
		expect(signed.headers).toEqual(expect.objectContaining({ 'Content-Type': 'application/x-www-form-urlencoded' }));
		expect(signed.body).toEqual({
			CorpID: '100000',
			LoginName: 'admin',
			TimeStamp: '20240101120000',
			SecretKey: 'ec8975c09a8765e91605c953b08f90fe',
			Methods: 'SmsGetReport',
		});
		// Mobset asks for the auth fields ahead of Methods.
		expect(Object.keys(signed.body as object)).toEqual(['CorpID', 'LoginName', 'TimeStamp', 'SecretKey', 'Methods']);
		expect(JSON.stringify(signed)).not.toContain('secret123');
	});

	it('picks the transport and the Base URL from the credential', async () => {
		expect((await sign({ ...base, corpId: '205552', transport: 'http' })).url).toBe('http://sms2.mobset.com:8095/SDK3/Sms');
		expect((await sign({ ...base, baseUrl: 'http://127.0.0.1:1/SDK3/Sms' })).url).toBe('http://127.0.0.1:1/SDK3/Sms');
	});

	it('turns certificate checks off only when the credential says so', async () => {
		expect((await sign(base)).skipSslCertificateValidation).toBe(false);
		expect((await sign({ ...base, ignoreSslIssues: true })).skipSslCertificateValidation).toBe(true);
	});

	it('keeps the caller\'s headers and fields', async () => {
		const signed = await sign(base, { headers: { 'X-Trace': '1' }, body: { Methods: 'SmsSend', Content: 'hi' } });

		expect(signed.headers).toEqual({ 'X-Trace': '1', 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(signed.body).toEqual(expect.objectContaining({ Methods: 'SmsSend', Content: 'hi', CorpID: '100000' }));
	});

	it.each([
		[{ ...base, password: '' }, /no password/],
		[{ ...base, loginName: ' ' }, /no Login Name/],
		[{ ...base, corpId: undefined }, /no CorpID/],
		[{ ...base, loginName: 'ad min' }, /contains spaces/],
		[{ ...base, corpId: '12345' }, /six-digit/],
		[{ ...base, corpId: '400000' }, /Base URL/],
	] as Array<[ICredentialDataDecryptedObject, RegExp]>)('refuses to sign with %j', async (credentials, message) => {
		await expect(sign(credentials)).rejects.toThrow(message);
	});
});

describe('the credential test rules', () => {
	it.each([
		[{ Code: '-2', Message: '账号或密码错误' }, /^Mobset refused the credential \(Code -2\)\. The CorpID, Login Name or password is wrong/],
		[{ code: -2 }, /Code -2/],
		[{ Code: -12 }, /^Mobset rejected the request time \(Code -12\)\. .*clock/],
		[{ code: '-12' }, /Code -12.*20 minutes of Beijing time/],
		[{ Code: '-50' }, /^Mobset refused the request \(Code -50\)\. .*credential.*clock/],
		['<html><body>Welcome to nginx!</body></html>', /^The address answered, but not as Mobset does\. .*SDK3/],
		['', /not as Mobset does/],
	])('fail the test on %j', (body, message) => {
		const result = checkCredentialTestRules(credentialTestRules, body as unknown as IDataObject);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	it.each([{ Code: '0', Balance: '10' }, { code: 0 }, { Code: '3' }])('pass the test on %j', (body) => {
		expect(checkCredentialTestRules(credentialTestRules, body)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('say what the node says for the same Code', async () => {
		const { serviceError } = await import('../../nodes/shared/errors');
		const error = serviceError({ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' }, -2, '账号或密码错误');
		const result = checkCredentialTestRules(credentialTestRules, { Code: '-2', Message: '账号或密码错误' });
		expect(result.message).toBe(`${error.message}. ${error.description}`);
	});
});

/** The fields n8n shows for this saved data, judged as n8n resolves it: with the defaults filled in. */
const shown = (data: ICredentialDataDecryptedObject) => {
	const values = NodeHelpers.getNodeParameters(credentialType.properties, data as never, true, false, null, null) ?? {};
	return credentialType.properties
		.filter((property) => NodeHelpers.displayParameter({ ...values }, property, null, null))
		.map((property) => property.name);
};
const account = { corpId: '100000', loginName: 'admin', password: 'pw' };
const OFFICIAL_FORM = ['corpId', 'loginName', 'password', 'endpoint', 'transport', 'ignoreSslIssues'];
const CUSTOM_FORM = ['corpId', 'loginName', 'password', 'endpoint', 'customUrl', 'ignoreSslIssues'];
const LEGACY_FORM = ['corpId', 'loginName', 'password', 'baseUrl', 'ignoreSslIssues'];

describe('the credential form (n8n\'s own display rules)', () => {

	it('a new credential shows the official endpoint and its connection, no URL', () => {
		expect(shown(account)).toEqual(OFFICIAL_FORM);
	});

	it('Custom URL shows the Base URL instead of the connection', () => {
		expect(shown({ ...account, endpoint: 'custom' })).toEqual(CUSTOM_FORM);
	});

	it('a credential saved with the earlier Base URL shows only that, the setting that is used', () => {
		expect(shown({ ...account, transport: 'https', baseUrl: 'http://127.0.0.1:8095/SDK3/Sms' })).toEqual(LEGACY_FORM);
	});

	it.each([
		['missing', { transport: 'http' }],
		['emptied', { transport: 'http', baseUrl: '' }],
	])('an earlier Base URL %s shows the Endpoint and Connection, as a new credential does', (_case, saved) => {
		expect(shown({ ...account, ...saved })).toEqual(OFFICIAL_FORM);
	});

	it('an earlier Base URL given by an expression shows only that', () => {
		expect(shown({ ...account, baseUrl: '={{ $vars.mobsetUrl }}' })).toEqual(LEGACY_FORM);
	});

	it('an earlier Base URL of only blanks still shows, so that it can be cleared', () => {
		expect(shown({ ...account, transport: 'http', baseUrl: '  ' })).toEqual(LEGACY_FORM);
	});

	it.each([
		['the official endpoint', {}, 'https://sms.mobset.com:843/SDK3/Sms'],
		['HTTP to the official endpoint', { transport: 'http' }, 'http://sms.mobset.com:8095/SDK3/Sms'],
		['a custom URL', { endpoint: 'custom', customUrl: ' http://127.0.0.1:1/SDK3/Sms ' }, 'http://127.0.0.1:1/SDK3/Sms'],
		['a custom URL left over after choosing Official', { endpoint: 'official', customUrl: 'http://127.0.0.1:1/SDK3/Sms' }, 'https://sms.mobset.com:843/SDK3/Sms'],
		['an earlier Base URL, whatever else is set', { endpoint: 'official', transport: 'https', baseUrl: 'http://127.0.0.1:2/SDK3/Sms' }, 'http://127.0.0.1:2/SDK3/Sms'],
		['an earlier Base URL of only blanks: the official endpoint over HTTPS', { transport: 'http', baseUrl: '  ' }, 'https://sms.mobset.com:843/SDK3/Sms'],
	])('requests go where the form says: %s', async (_case, change, url) => {
		const data = NodeHelpers.getNodeParameters(credentialType.properties, { ...account, ...change } as never, true, false, null, null);
		const signed = await credentialType.authenticate(data as ICredentialDataDecryptedObject, { url: '', body: { Methods: 'SmsGetBalance' } });
		expect(signed.url).toBe(url);
	});

	it('Custom URL without a Base URL is refused, naming both fixes', async () => {
		await expect(credentialType.authenticate({ ...account, endpoint: 'custom', customUrl: ' ' }, { url: '' })).rejects.toThrow(
			/Endpoint set to Custom URL but no Base URL.*or set Endpoint to Official/,
		);
	});
});

describe('the credential while n8n\'s time-limited regular expressions fail', () => {
	// n8n evaluates every display rule each time it resolves a credential, and runs `regex` rules in a
	// sandbox that gives up after 250 ms; on a busy server they then fail with this error. Forced
	// here, so that a rule that needs one fails every time instead of now and then.
	const timedOut = (): never => {
		throw new Error('Regular expression execution timed out');
	};
	let sim: MobsetSimulator;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		setSafeRegexEngine({ exec: timedOut, test: timedOut, replace: timedOut, matchAll: timedOut, split: timedOut });
	});

	afterAll(async () => {
		resetSafeRegexEngine();
		await sim.close();
	});

	it('the form shows the same fields', () => {
		expect(shown(account)).toEqual(OFFICIAL_FORM);
		expect(shown({ ...account, endpoint: 'custom' })).toEqual(CUSTOM_FORM);
		expect(shown({ ...account, transport: 'https', baseUrl: 'http://127.0.0.1:8095/SDK3/Sms' })).toEqual(LEGACY_FORM);
	});

	it('the Test button and a node\'s run still reach Mobset, with an earlier Base URL and with Custom URL', async () => {
		sim.seedReports(3);
		const legacy = await testCredential({ credentialType, data: { ...sim.account, transport: 'https', baseUrl: sim.url } });
		const run = await runNode({
			nodeType: new MobsetSmsReports(),
			credentials: { ...sim.account, endpoint: 'custom', customUrl: sim.url },
			parameters: { operation: 'getMany', returnAll: true },
		});

		expect(legacy.status).toBe('OK');
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toHaveLength(3);
	});
});

describe('the Test button against the simulator', () => {
	let sim: MobsetSimulator;
	let data: ICredentialDataDecryptedObject;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
	});

	afterAll(async () => {
		await sim.close();
	});

	beforeEach(() => {
		sim.reset();
		data = { ...sim.account, baseUrl: sim.url };
	});

	it('succeeds with the right account', async () => {
		const result = await testCredential({ credentialType, data });

		expect(result).toEqual(expect.objectContaining({ status: 'OK', message: 'Connection successful!' }));
		expect(sim.counters().requestsByMethod).toEqual({ SmsGetBalance: 1 });
	});

	it.each([
		['a wrong password', { password: 'not-the-password' }],
		['an unknown login name', { loginName: 'nobody' }],
	])('fails with %s and says the credential is wrong', async (_case, change) => {
		const result = await testCredential({ credentialType, data: { ...data, ...change } });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Mobset refused the credential \(Code -2\)\. The CorpID, Login Name or password is wrong/);
	});

	it.each([
		['19 minutes ahead', 19 * MINUTE, 'OK'],
		['19 minutes behind', -19 * MINUTE, 'OK'],
		['21 minutes ahead', 21 * MINUTE, 'Error'],
		['21 minutes behind', -21 * MINUTE, 'Error'],
	])('with Mobset\'s clock %s of ours: %s', async (_case, offset, status) => {
		sim.setSwitches({ clockOffsetMs: offset });

		const result = await testCredential({ credentialType, data });

		expect(result.status).toBe(status);
		if (status === 'Error') expect(result.message).toMatch(/clock is correct.*|20 minutes of Beijing time/);
	});

	it('names the clock when Mobset rejects the TimeStamp', async () => {
		sim.injectFault({ kind: 'clockSkew', method: '*' });

		const result = await testCredential({ credentialType, data });

		expect(result).toEqual(expect.objectContaining({ status: 'Error', message: expect.stringMatching(/Code -12\)\. .*server's clock is correct/) }));
	});

	it('takes no report off the queue, whatever the outcome', async () => {
		sim.seedReports(7);
		const before = sim.counters();

		await testCredential({ credentialType, data });
		await testCredential({ credentialType, data: { ...data, password: 'wrong' } });
		sim.setSwitches({ clockOffsetMs: 30 * MINUTE });
		await testCredential({ credentialType, data });

		const after = sim.counters();
		expect(before.queued).toBe(7);
		expect(after.requestsByMethod).toEqual({ SmsGetBalance: 3 });
		expect(after.dequeued).toBe(0);
		expect(after.dequeuedIds).toEqual([]);
		expect(after.queued).toBe(7);
		expect(after.queuedVisible).toBe(before.queuedVisible);
	});

	it('signs a node\'s own requests so that Mobset accepts them', async () => {
		// A minimal node: the package's nodes reach Mobset the same way, through n8n's helper.
		const balanceNode: INodeType = {
			description: {
				displayName: 'Balance',
				name: 'balance',
				group: ['input'],
				version: 1,
				description: 'Asks Mobset for the balance',
				defaults: { name: 'Balance' },
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: 'mobsetApi', required: true }],
				properties: [],
			},
			async execute(this: IExecuteFunctions) {
				const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'mobsetApi', {
					method: 'POST',
					url: '',
					body: { Methods: 'SmsGetBalance' },
					json: true,
				})) as IDataObject;
				return [[{ json: body, pairedItem: { item: 0 } }]];
			},
		};

		const result = await runNode({ nodeType: balanceNode, credentials: data });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toEqual(expect.objectContaining({ Code: '0', Balance: expect.any(String) }));
		expect(sim.counters().requestsByMethod).toEqual({ SmsGetBalance: 1 });
	});

	it('explains a CorpID that cannot be used before anything is sent', async () => {
		const short = await testCredential({ credentialType, data: { ...data, corpId: '12345' } });
		const outside = await testCredential({ credentialType, data: { ...data, corpId: '400000', baseUrl: '' } });

		expect(short).toEqual(expect.objectContaining({ status: 'Error', message: expect.stringMatching(/six-digit enterprise ID/) }));
		expect(outside).toEqual(expect.objectContaining({ status: 'Error', message: expect.stringMatching(/Set Endpoint to Custom URL/) }));
		expect(sim.counters().requests).toBe(0);
	});

	it('succeeds with Endpoint: Custom URL, and with a Base URL saved by an earlier version', async () => {
		const account = { ...sim.account };
		const custom = await testCredential({ credentialType, data: { ...account, endpoint: 'custom', customUrl: sim.url } });
		const legacy = await testCredential({ credentialType, data: { ...account, transport: 'https', baseUrl: sim.url } });

		expect(custom.status).toBe('OK');
		expect(legacy.status).toBe('OK');
		expect(sim.counters().requestsByMethod).toEqual({ SmsGetBalance: 2 });
	});

	it('reaches an out-of-range CorpID through its Base URL', async () => {
		sim.addAccount({ corpId: '400000', loginName: 'ops', password: 'pw-400000' });

		const result = await testCredential({ credentialType, data: { corpId: '400000', loginName: 'ops', password: 'pw-400000', baseUrl: sim.url } });

		expect(result.status).toBe('OK');
	});
});

describe('the Test button against something that is not Mobset', () => {
	let server: CaptureServer;

	beforeEach(async () => {
		server = await startCaptureServer();
	});

	afterEach(async () => {
		await server.close();
	});

	it.each([
		['a web page', 'text/html; charset=utf-8', '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>'],
		['plain text', 'text/plain', 'OK'],
	])('fails when the address answers HTTP 200 with %s', async (_case, contentType, body) => {
		server.respondWith((_request, response) => {
			response.writeHead(200, { 'Content-Type': contentType });
			response.end(body);
		});

		const result = await testCredential({
			credentialType,
			data: { corpId: '100000', loginName: 'admin', password: 'pw', endpoint: 'custom', customUrl: server.url },
		});

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The address answered, but not as Mobset does\. /);
	});

	it('still passes Mobset\'s JSON labelled as a web page (a gateway may relabel it)', async () => {
		server.respondWith((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			response.end(JSON.stringify({ Code: '0', Message: '成功', Balance: '100' }));
		});

		const result = await testCredential({
			credentialType,
			data: { corpId: '100000', loginName: 'admin', password: 'pw', endpoint: 'custom', customUrl: server.url },
		});

		expect(result.status).toBe('OK');
	});
});

describe('the Test button over HTTPS with a self-signed certificate', () => {
	let sim: MobsetSimulator;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, https: true });
	});

	afterAll(async () => {
		await sim.close();
	});

	it('refuses the certificate by default, naming the reason', async () => {
		const result = await testCredential({ credentialType, data: { ...sim.account, baseUrl: sim.url } });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/CERT|certificate/i);
		expect(sim.counters().requestsByMethod).toEqual({});
	});

	it('connects when "Ignore SSL Issues" is on', async () => {
		const result = await testCredential({ credentialType, data: { ...sim.account, baseUrl: sim.url, ignoreSslIssues: true } });

		expect(result.status).toBe('OK');
	});
});

describe('the 20-minute TimeStamp window, signed by hand', () => {
	let sim: MobsetSimulator;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
	});

	afterAll(async () => {
		await sim.close();
	});

	/** Calls SmsGetBalance signed as if our clock were `skewMs` off. */
	const callWithSkew = async (skewMs: number): Promise<string> => {
		const { corpId, loginName, password } = sim.account;
		const timeStamp = beijingTimestamp(new Date(Date.now() + skewMs));
		const response = await request(sim.url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				CorpID: corpId,
				LoginName: loginName,
				TimeStamp: timeStamp,
				SecretKey: secretKey(corpId, password, timeStamp),
				Methods: 'SmsGetBalance',
			}).toString(),
		});
		const body = (await response.body.json()) as Record<string, unknown>;
		return String(body.Code ?? body.code);
	};

	it.each([
		[19 * MINUTE, '0'],
		[-19 * MINUTE, '0'],
		[21 * MINUTE, '-12'],
		[-21 * MINUTE, '-12'],
	])('a TimeStamp %d ms off answers Code %s', async (skewMs, code) => {
		expect(await callWithSkew(skewMs)).toBe(code);
	});
});

describe('the password never leaves n8n', () => {
	// Characters that a form encoder would escape, so an encoded leak would be caught too.
	const password = 'pa55 & wörd=+%/?';
	let server: CaptureServer;

	beforeEach(async () => {
		server = await startCaptureServer();
	});

	afterEach(async () => {
		await server.close();
	});

	const forms = [password, encodeURIComponent(password), new URLSearchParams({ p: password }).toString().slice(2)];

	it('only the SecretKey made from it is sent with the Test request', async () => {
		const result = await testCredential({
			credentialType,
			data: { corpId: '100000', loginName: 'admin', password, baseUrl: server.url },
		});

		expect(result.status).toBe('OK');
		expect(server.requests).toHaveLength(1);
		const [sent] = server.requests;
		expect(sent.fields.SecretKey).toBe(secretKey('100000', password, sent.fields.TimeStamp));
		expect(Object.keys(sent.fields).sort()).toEqual(['CorpID', 'LoginName', 'Methods', 'SecretKey', 'TimeStamp']);
		const wire = [sent.url, sent.body, JSON.stringify(sent.headers)].join('\n');
		for (const form of forms) expect(wire).not.toContain(form);
		expect(JSON.stringify(result.signedRequests)).not.toContain(password);
	});

	it('is not in what n8n logs when the Test request fails', async () => {
		server.respondWith((_request, response) => {
			response.writeHead(500, { 'Content-Type': 'text/html' });
			response.end('<html>Internal Server Error</html>');
		});

		const result = await testCredential({
			credentialType,
			data: { corpId: '100000', loginName: 'admin', password, baseUrl: server.url },
		});

		expect(result.status).toBe('Error');
		expect(result.logs.some((line) => line.level === 'error')).toBe(true);
		for (const form of forms) expect(logText(result.logs)).not.toContain(form);
		for (const form of forms) expect(result.message).not.toContain(form);
	});
});
