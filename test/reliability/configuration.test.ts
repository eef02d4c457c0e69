// Bad-input matrix, configuration side: each wrong setting fails before anything is fetched, with
// a message that names the setting and the fix. Plus the transport guarantees: HTTPS by default
// with certificate checks on, and a bounded wait on every request.
import { createServer } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { MobsetApi } from '../../credentials/MobsetApi.credentials';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { startSimulator, type MobsetSimulator } from '../../tools/simulator';
import { createPoller } from '../../tools/harness';
import { smsIds, useSimulator } from '../nodes/fixtures';
import { expectReadableMessage, getMany } from './support/answers';

const env = useSimulator();

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('credential settings', () => {
	beforeEach(() => {
		env.sim().seedReports(3);
	});

	it.each([
		['an empty CorpID', { corpId: '' }, NodeOperationError, 'The Mobset API credential has no CorpID. Enter it in the credential.', undefined],
		['a CorpID of spaces', { corpId: '   ' }, NodeOperationError, 'The Mobset API credential has no CorpID. Enter it in the credential.', undefined],
		[
			'a seven-digit CorpID',
			{ corpId: '1234567' },
			NodeOperationError,
			'Mobset CorpID "1234567" is not valid: it must be the six-digit enterprise ID Mobset gave you (for example 100000). Fix it in the Mobset API credential.',
			undefined,
		],
		[
			'a CorpID in full-width digits',
			{ corpId: '１０００００' },
			NodeOperationError,
			'Mobset CorpID "１０００００" is not valid: it must be the six-digit enterprise ID Mobset gave you (for example 100000). Fix it in the Mobset API credential.',
			undefined,
		],
		[
			'a CorpID outside the known platforms and no Base URL',
			{ corpId: '400000', baseUrl: '' },
			NodeOperationError,
			'Mobset CorpID "400000" is outside the known platform ranges (100000–399999), so the endpoint cannot be chosen automatically. Set Endpoint to Custom URL in the Mobset API credential and enter the Base URL Mobset gave you.',
			undefined,
		],
		['an empty Login Name', { loginName: '' }, NodeOperationError, 'The Mobset API credential has no Login Name. Enter it in the credential.', undefined],
		[
			'a Login Name with a space inside',
			{ loginName: 'ad min' },
			NodeOperationError,
			'The Mobset Login Name "ad min" contains spaces; Mobset login names never do. Fix it in the Mobset API credential.',
			undefined,
		],
		['an empty password', { password: '' }, NodeOperationError, 'The Mobset API credential has no password. Enter it in the credential.', undefined],
		[
			'a Base URL that is not a URL',
			{ baseUrl: 'sms.mobset.com:843/SDK3/Sms' },
			NodeOperationError,
			'Mobset Base URL "sms.mobset.com:843/SDK3/Sms" must start with https:// or http://.',
			undefined,
		],
		[
			'a Base URL without a scheme or port',
			{ baseUrl: 'sms.mobset.com/SDK3/Sms' },
			NodeOperationError,
			'Mobset Base URL "sms.mobset.com/SDK3/Sms" is not a URL. Enter a full address such as https://sms.mobset.com:843/SDK3/Sms, or set Endpoint to Official in the Mobset API credential.',
			undefined,
		],
		['an ftp:// Base URL', { baseUrl: 'ftp://sms.mobset.com/SDK3/Sms' }, NodeOperationError, 'Mobset Base URL "ftp://sms.mobset.com/SDK3/Sms" must start with https:// or http://.', undefined],
		[
			'a Base URL host that does not resolve',
			{ baseUrl: 'http://sms.mobset.invalid:8095/SDK3/Sms' },
			NodeApiError,
			'Could not find the Mobset host: the name did not resolve.',
			'Check the Base URL of the Mobset API credential and this server\'s DNS settings.',
		],
	] as Array<[string, IDataObject, typeof NodeOperationError | typeof NodeApiError, string, string | undefined]>)(
		'%s: fails before anything is fetched, naming the setting',
		async (_name, change, errorClass, message, description) => {
			const run = await getMany(env.sim(), { credentials: change });
			expect(run.error).toBeInstanceOf(errorClass);
			expect(run.error?.message).toBe(message);
			expect((run.error as NodeApiError).description ?? undefined).toBe(description);
			expect((run.error as NodeApiError).failure).toEqual({ cause: 'configuration-invalid' });
			expectReadableMessage(run.error?.message);
			expect(env.sim().counters().queued).toBe(3);
			expect(env.sim().counters().requests).toBe(0);
		},
	);

	it('a Base URL on a port nothing listens on: connection refused, naming where to look', async () => {
		const run = await getMany(env.sim(), { credentials: { baseUrl: `http://127.0.0.1:${await closedPort()}/SDK3/Sms` } });
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error).toMatchObject({
			message: 'Could not connect to Mobset: the connection was refused.',
			description:
				'Check the Endpoint (and Connection or Base URL) of the Mobset API credential, and that this n8n server may reach the Mobset host and port.',
			failure: { cause: 'configuration-invalid' },
		});
	});

	it('a Base URL with the wrong path: HTTP 404, naming the Base URL', async () => {
		const run = await getMany(env.sim(), { credentials: { baseUrl: `${env.sim().origin}/SDK3/Sms/GetReport` } });
		expect(run.error).toMatchObject({
			message: 'Mobset answered HTTP 404: the address is not an SDK3 endpoint, whose path is /SDK3/Sms.',
			description:
				'Set the Endpoint of the Mobset API credential to Official, or correct its Base URL: it must end in /SDK3/Sms (for example https://sms.mobset.com:843/SDK3/Sms).',
			httpCode: '404',
		});
		expect(env.sim().counters().queued).toBe(3);
	});

	it('https:// aimed at a plain-HTTP port: names the port mix-up, not a certificate', async () => {
		const run = await getMany(env.sim(), { credentials: { baseUrl: env.sim().url.replace('http://', 'https://') } });
		expect(run.error).toMatchObject({
			message: 'Could not open an HTTPS connection to the Mobset host: it does not speak HTTPS at that address.',
			description:
				'Mobset serves HTTPS on port 843 and plain HTTP on port 8095. Correct the Base URL of the Mobset API credential, or set its Endpoint to Official.',
		});
	});

	it.each([
		['a CorpID with spaces around it', { corpId: ` ${'100000'} ` }],
		['a Login Name with spaces around it', { loginName: ' admin ' }],
	])('accepts %s: they are trimmed', async (_name, change) => {
		const run = await getMany(env.sim(), { credentials: change });
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toHaveLength(3);
	});

	it('signs with a password exactly as typed, spaces and all', async () => {
		env.sim().addAccount({ corpId: '100001', loginName: 'spaced', password: '  pass word  ' });
		env.sim().seedReports(2, { account: { corpId: '100001', loginName: 'spaced' } });
		const run = await getMany(env.sim(), { credentials: { corpId: '100001', loginName: 'spaced', password: '  pass word  ' } });
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toHaveLength(2);
	});
});

describe('node settings', () => {
	it.each([
		[0, 'Limit must be a whole number from 1 to 1,000,000, not 0.'],
		[-1, 'Limit must be a whole number from 1 to 1,000,000, not -1.'],
		[1_000_001, 'Limit must be a whole number from 1 to 1,000,000, not 1000001.'],
		[Number.NaN, 'Limit must be a whole number from 1 to 1,000,000, not NaN.'],
	])('Get Many refuses a Limit of %p with the exact message and the fix', async (limit, message) => {
		env.sim().seedReports(3);
		const run = await getMany(env.sim(), { parameters: { returnAll: false, limit } });
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toBe(message);
		expect((run.error as NodeOperationError).description).toBe('Set Limit to how many reports to fetch at most, or turn on Return All.');
		expect(env.sim().counters().requests).toBe(0);
	});

	it.each([
		[0, 'Max Reports per Poll must be a whole number from 1 to 1,000,000, not 0.'],
		[-50, 'Max Reports per Poll must be a whole number from 1 to 1,000,000, not -50.'],
		[2.5, 'Max Reports per Poll must be a whole number from 1 to 1,000,000, not 2.5.'],
		[5_000_000, 'Max Reports per Poll must be a whole number from 1 to 1,000,000, not 5000000.'],
	])('the trigger refuses Max Reports per Poll %p, fetching nothing', async (maxReportsPerPoll, message) => {
		env.sim().seedReports(3);
		const poll = await createPoller({
			nodeType: new MobsetSmsReportsTrigger(),
			credentials: { ...env.sim().account, baseUrl: env.sim().url },
			parameters: { maxReportsPerPoll },
		}).poll();
		expect(poll.result).toBeNull();
		expect(poll.error).toBeInstanceOf(NodeOperationError);
		expect(poll.error?.message).toBe(message);
		expect(env.sim().counters().requests).toBe(0);
	});

	it.each([0, -3, Number.NaN])('a Request Timeout of %p is refused before any request (every request needs a deadline)', async (requestTimeout) => {
		const run = await getMany(env.sim(), { parameters: { options: { requestTimeout } } });
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toBe(`Request Timeout must be a number of seconds from 1 to 600, not ${requestTimeout}.`);
		expect(env.sim().counters().requests).toBe(0);
	});

	it('without a Request Timeout every request still has a deadline (30 s)', async () => {
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(run.signedRequests.map((request) => request.options.timeout)).toEqual([30_000]);
		expect(run.signedRequests[0].options.abortSignal).toBeDefined();
	});
});

describe('every request has a deadline, not just an idle time-out', () => {
	it('gives up on an answer that drips in a byte at a time, after the Request Timeout', async () => {
		env.sim().seedReports(10);
		env.sim().injectFault({ kind: 'trickle', intervalMs: 100 });
		const started = Date.now();
		const run = await getMany(env.sim(), { parameters: { options: { requestTimeout: 1 } } });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error).toMatchObject({ message: 'Mobset did not answer within 1 second.', failure: { cause: 'temporarily-unavailable' } });
		// The simulator ran the call: those ten are the loss no client can prevent, and it says so.
		// (It notices the client has gone a moment after the client gave up.)
		for (let i = 0; i < 50 && env.sim().counters().droppedInFlightIds.length === 0; i++) await sleep(20);
		expect(env.sim().counters().droppedInFlightIds).toHaveLength(10);
		expect((run.error as NodeApiError).description).toContain('cannot be fetched again');
	});

	it('a trigger poll facing a stalled answer ends after the Request Timeout', async () => {
		env.sim().seedReports(10);
		env.sim().injectFault({ kind: 'stall' });
		const started = Date.now();
		const poll = await createPoller({
			nodeType: new MobsetSmsReportsTrigger(),
			credentials: { ...env.sim().account, baseUrl: env.sim().url },
			parameters: { options: { requestTimeout: 1 } },
		}).poll();
		expect(Date.now() - started).toBeLessThan(3000);
		expect(poll.error?.message).toBe('Mobset did not answer within 1 second.');
		expect(env.sim().counters().queued).toBe(10);
	});
});

describe('HTTPS', () => {
	const credentialType = new MobsetApi();
	const property = (name: string) => credentialType.properties.find((p) => p.name === name)!;

	it('is the default connection, with certificate checks on', () => {
		expect(property('transport').default).toBe('https');
		expect(property('ignoreSslIssues').default).toBe(false);
		expect(property('password').typeOptions).toEqual({ password: true });
	});

	it('the options that weaken it say what they risk', () => {
		expect(property('ignoreSslIssues').displayName).toBe('Ignore SSL Issues (Insecure)');
		expect(property('ignoreSslIssues').description).toMatch(/could then read and alter reports/);
		const http = (property('transport').options as Array<{ value: string; description: string }>).find((o) => o.value === 'http');
		expect(http?.description).toMatch(/Unencrypted: reports and signatures travel in clear text/);
	});

	describe('against a host with a self-signed certificate', () => {
		let tls: MobsetSimulator;

		beforeAll(async () => {
			tls = await startSimulator({ port: 0, https: true, seed: 11 });
		});

		afterAll(async () => {
			await tls.close();
		});

		beforeEach(() => {
			tls.reset();
			tls.seedReports(4);
		});

		it('refuses it by default with the certificate message, fetching nothing', async () => {
			const run = await getMany(tls);
			expect(run.error).toBeInstanceOf(NodeApiError);
			expect(run.error).toMatchObject({
				message: 'The HTTPS certificate of the Mobset host could not be verified.',
				description:
					'Set Endpoint to Official in the Mobset API credential. Only for a host you control, turn on "Ignore SSL Issues" in the credential.',
				failure: { cause: 'configuration-invalid' },
			});
			expect(run.signedRequests[0].options.skipSslCertificateValidation).toBe(false);
			expect(tls.counters().requests).toBe(0);
			expect(tls.counters().queued).toBe(4);
		});

		it('accepts it only with "Ignore SSL Issues" on', async () => {
			const run = await getMany(tls, { credentials: { ignoreSslIssues: true } });
			expect(run.error).toBeUndefined();
			expect(smsIds(run.outputs[0])).toHaveLength(4);
		});

		it('the trigger refuses it too', async () => {
			const poll = await createPoller({
				nodeType: new MobsetSmsReportsTrigger(),
				credentials: { ...tls.account, baseUrl: tls.url },
			}).poll();
			expect(poll.error?.message).toBe('The HTTPS certificate of the Mobset host could not be verified.');
			expect(tls.counters().queued).toBe(4);
		});
	});
});
