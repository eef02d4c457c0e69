// Inputs found by trying the nodes as an adversary would: odd answers, settings and expressions that
// used to lose reports, leak a signature or break with an internal error. Each case runs through
// n8n's engine against the simulator.
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { createPoller, logText } from '../../tools/harness';
import { smsIds, useSimulator } from '../nodes/fixtures';
import { answerWith, getMany, publicFields, report, REPORT_TIME, REPORT_TIME_ISO } from './support/answers';

const env = useSimulator();

const reportCalls = () => env.sim().counters().requestsByMethod.SmsGetReport ?? 0;

function trigger(parameters: Record<string, unknown> = {}) {
	return createPoller({
		nodeType: new MobsetSmsReportsTrigger(),
		credentials: env.credentials(),
		parameters: { maxReportsPerPoll: 5000, ...parameters },
	});
}

describe('draining does not stop at a short page', () => {
	beforeEach(() => env.sim().setSwitches({ maxPerCall: 20 }));

	it('node: Return All takes all 100 reports from a service that hands out 20 per call', async () => {
		const seeded = env.sim().seedReports(100).map((r) => r.smsId);
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(run.hints).toEqual([]);
		expect(smsIds(run.outputs[0])).toEqual(seeded);
		expect(env.sim().counters().queued).toBe(0);
		// Five pages of 20, then the empty answer that proves the queue empty.
		expect(reportCalls()).toBe(6);
	});

	it('trigger: one poll hands over all 100', async () => {
		const seeded = env.sim().seedReports(100).map((r) => r.smsId);
		const { result, error } = await trigger().poll();
		expect(error).toBeUndefined();
		expect(smsIds(result![0])).toEqual(seeded);
		expect(env.sim().counters().queued).toBe(0);
	});

	it('node: a Limit still holds (20 per call, Limit 90: stops before a call that could pass it)', async () => {
		env.sim().seedReports(100);
		const run = await getMany(env.sim(), { parameters: { returnAll: false, limit: 90 } });
		// 20 + 20 + 20 fetched; a fourth call could bring up to 50 and pass 90.
		expect(run.outputs[0]).toHaveLength(60);
		expect(env.sim().counters().queued).toBe(40);
	});
});

/** GBK bytes of the few Chinese strings the tests use (Node can decode GBK but not encode it). */
const GBK_BYTES: Record<string, string> = { 失败: 'caa7b0dc', 时间戳错误: 'cab1bce4b4c1b4edcef3' };

function gbk(text: string): string {
	const parts = text.split(new RegExp(`(${Object.keys(GBK_BYTES).join('|')})`));
	return Buffer.concat(parts.map((part) => (GBK_BYTES[part] ? Buffer.from(GBK_BYTES[part], 'hex') : Buffer.from(part, 'utf8')))).toString('base64');
}

const utf16 = (text: string, order: 'le' | 'be') => {
	const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
	return (order === 'le' ? le : Buffer.from(le).swap16()).toString('base64');
};

describe('answers are decoded by the character set they declare', () => {
	const failedReport = JSON.stringify({ Code: '1', Details: [{ ...report('101', '13'), ExStatus: '失败' }] });

	it.each([
		['charset=gbk', 'application/json; charset=gbk', gbk(failedReport)],
		['charset=GB18030', 'application/json; charset=GB18030', gbk(failedReport)],
		['charset="gbk" quoted', 'text/plain; charset="gbk"', gbk(failedReport)],
		['no charset, GBK bytes', 'application/json', gbk(failedReport)],
		['UTF-16LE with a byte-order mark', 'application/json', utf16(failedReport, 'le')],
		['UTF-16BE with a byte-order mark', 'application/json; charset=utf-8', utf16(failedReport, 'be')],
	])('reads Chinese text sent as %s', async (_name, contentType, bodyBase64) => {
		answerWith(env.sim(), { headers: { 'Content-Type': contentType }, bodyBase64 });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(run.outputs[0].map((item) => item.json.exStatus)).toEqual(['失败']);
	});

	it('recognises a Chinese error message sent in GBK', async () => {
		answerWith(env.sim(), {
			headers: { 'Content-Type': 'application/json; charset=gbk' },
			bodyBase64: gbk(JSON.stringify({ Code: '-31', Message: '时间戳错误' })),
		});
		const run = await getMany(env.sim());
		expect(run.error?.message).toBe('Mobset rejected the request time (Code -31)');
		expect((run.error as NodeApiError | undefined)?.description).toBe(
			'Mobset accepts a request only within 20 minutes of Beijing time, and rejected this one\'s time stamp. Check that this n8n server\'s clock is correct.',
		);
		expect((run.error as NodeApiError).messages).toEqual(['Mobset answered Code -31 with the message "时间戳错误".']);
	});

	it('says when a body cannot be decoded, and still outputs the reports in it', async () => {
		// 0x81 0x20 is not a GBK character.
		const bytes = Buffer.concat([Buffer.from('{"Code":"1","Message":"'), Buffer.from([0x81, 0x20]), Buffer.from(`","Details":[${JSON.stringify(report('101'))}]}`)]);
		answerWith(env.sim(), { headers: { 'Content-Type': 'application/json; charset=gbk' }, bodyBase64: bytes.toString('base64') });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(['101']);
		expect(run.hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringContaining("Mobset's answer is not valid GBK text (it declares charset=gbk): some of its bytes could not be decoded."),
			}),
		]);
	});

	it('names a character set it does not know', async () => {
		answerWith(env.sim(), { headers: { 'Content-Type': 'application/json; charset=x-mobset' }, body: { Code: '0' } });
		const run = await getMany(env.sim());
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error?.message).toBe('Mobset\'s answer declares the character set "x-mobset", which this n8n cannot decode.');
	});
});

describe('broken and odd framing', () => {
	const tricky = [
		{ ...report('101'), ExStatus: 'DELIV}RD' },
		{ ...report('102', '13'), Extra: { gateway: 'cmpp', codes: [1, 2] } },
		report('103'),
	];

	it('recovers every whole report of a cut-off answer, braces in strings and nested objects too, and counts the lost', async () => {
		const full = JSON.stringify({ Code: '3', Message: 'ok', Details: tricky });
		const cut = full.slice(0, full.indexOf('"SmsId":"103"') + 10);
		answerWith(env.sim(), { body: cut });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(['101', '102']);
		expect(run.outputs[0][0].json.exStatus).toBe('DELIV}RD');
		expect(run.hints).toEqual([
			expect.objectContaining({
				message:
					'A request to Mobset failed after 2 reports were fetched: Mobset said it handed out 3 reports, but only 2 could be read from its answer (it was cut off): 1 cannot be fetched again. Every report fetched is in the output; any still on Mobset wait for the next run.',
			}),
		]);
	});

	it.each([
		['an HTML comment', '\r\n<!-- served by cache-7 -->'],
		['a NUL byte', '\u0000'],
		['stray text', ' OK'],
	])('reads a complete answer followed by %s as complete, and keeps draining', async (_name, noise) => {
		env.sim().seedReports(3);
		answerWith(env.sim(), { body: JSON.stringify({ Code: '2', Details: [report('101'), report('102')] }) + noise });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(run.hints).toEqual([]);
		expect(run.outputs[0]).toHaveLength(5);
		expect(env.sim().counters().queued).toBe(0);
	});

	it('reads reports in nested Details arrays', async () => {
		answerWith(env.sim(), { body: { Code: '3', Details: [[report('101'), report('102')], [report('103')]] } });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(run.hints).toEqual([]);
		expect(smsIds(run.outputs[0])).toEqual(['101', '102', '103']);
	});
});

describe('the same page again', () => {
	const page = Array.from({ length: 50 }, (_, i) => report(String(9000 + i)));

	it('node: stops and says so when every answer repeats the previous page', async () => {
		answerWith(env.sim(), { body: { Code: '50', Details: page } }, { count: 'forever' });
		const run = await getMany(env.sim(), { parameters: { returnAll: false, limit: 500 } });
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(page.map((r) => r.SmsId));
		expect(reportCalls()).toBe(2);
		expect(run.hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringContaining('Mobset answered with the same 50 reports as the call before, so its answers are not fresh: fetching stopped.'),
			}),
		]);
	});

	it('node with 4 calls in flight: each report once', async () => {
		answerWith(env.sim(), { body: { Code: '50', Details: page } }, { count: 'forever' });
		const run = await getMany(env.sim(), { parameters: { returnAll: true, options: { parallelRequests: 4 } } });
		expect(smsIds(run.outputs[0])).toEqual(page.map((r) => r.SmsId));
	});

	it('trigger: hands the page over once and logs why it stopped', async () => {
		answerWith(env.sim(), { body: { Code: '50', Details: page } }, { count: 'forever' });
		const { result, logs } = await trigger().poll();
		expect(result![0]).toHaveLength(50);
		expect(logs.map((line) => line.message).join('\n')).toContain('as the call before, so its answers are not fresh');
	});

	it('a report Mobset genuinely repeats inside a longer page is not mistaken for a stale page', async () => {
		answerWith(env.sim(), { body: { Code: '1', Details: [report('101')] } });
		answerWith(env.sim(), { body: { Code: '2', Details: [report('101'), report('102')] } });
		const run = await getMany(env.sim());
		expect(run.hints).toEqual([]);
		expect(smsIds(run.outputs[0])).toEqual(['101', '101', '102']);
	});
});

describe('values in other spellings', () => {
	it.each([['12'], [12], ['12.0'], ['+12'], [' 12 '], [12.0]])('Status %p is delivered', async (status) => {
		answerWith(env.sim(), { body: { Code: '1', Details: [{ ...report('101'), Status: status }] } });
		const run = await getMany(env.sim());
		expect(publicFields(run.outputs[0])).toEqual([expect.objectContaining({ status: 'delivered', statusCode: 12 })]);
	});

	it.each([
		[REPORT_TIME, REPORT_TIME_ISO],
		['2024-03-10 15:00:00.000', REPORT_TIME_ISO],
		['20240310150000', REPORT_TIME_ISO],
		[20240310150000, REPORT_TIME_ISO],
		['2024-03-10T15:00:00+08:00', REPORT_TIME_ISO],
		['2024-03-10T07:00:00Z', REPORT_TIME_ISO],
		['2024-03-10 15:00:00.250', '2024-03-10T15:00:00.250+08:00'],
	])('ReportTime %p is %s', async (reportTime, iso) => {
		answerWith(env.sim(), { body: { Code: '1', Details: [{ ...report('101'), ReportTime: reportTime }] } });
		const run = await getMany(env.sim());
		expect(run.outputs[0][0].json.reportTime).toBe(iso);
	});

	it.each([
		['12345678901234567.0', '12345678901234567'],
		['12345678901234567', '12345678901234567'],
		['1234567890123456789.00', '1234567890123456789'],
		['101.0', '101'],
	])('a bare SmsId %s keeps the digits Mobset sent', async (bare, id) => {
		answerWith(env.sim(), { body: `{"Code":"1","Details":[{"SmsId":${bare},"Status":"12","ReportTime":"${REPORT_TIME}","ExStatus":"DELIVRD"}]}` });
		const run = await getMany(env.sim());
		expect(smsIds(run.outputs[0])).toEqual([id]);
	});
});

describe('Skip Reports Already Seen never drops a report it cannot identify', () => {
	const noId = (status = '12') => ({ Status: status, ReportTime: REPORT_TIME, ExStatus: 'DELIVRD' });
	const note = 'This report has no readable SMS ID, so Skip Reports Already Seen could not check it: it is output even if Mobset sent it before.';

	it('outputs every report without a readable SmsId, poll after poll, and says it could not check them', async () => {
		const poller = trigger({ options: { skipSeen: true } });
		for (let poll = 0; poll < 2; poll++) {
			answerWith(env.sim(), { body: { Code: '3', Details: [noId(), { ...noId(), SmsId: '' }, { MsgId: '77', ...noId() }] } });
			const { result, logs } = await poller.poll();
			expect(result![0]).toHaveLength(3);
			expect(result![0].map((item) => item.json.skipSeenNote)).toEqual([note, note, note]);
			expect(logs.map((line) => line.message)).toContain(
				'Mobset SMS Reports Trigger: 3 reports have no readable SMS ID, so Skip Reports Already Seen could not check them; output anyway.',
			);
		}
		// A report with an id that follows is still de-duplicated as before.
		answerWith(env.sim(), { body: { Code: '2', Details: [report('101'), report('101')] } });
		expect(smsIds((await poller.poll()).result![0])).toEqual(['101']);
	});
});

describe('numbers from the UI and from expressions', () => {
	it.each([
		['a fraction of a second', 1.2345, 1235],
		['a numeric string from an expression', '={{ "5" }}', 5000],
		['the largest', 600, 600_000],
	])('Request Timeout as %s works', async (_name, requestTimeout, ms) => {
		env.sim().seedReports(3);
		const run = await getMany(env.sim(), { parameters: { options: { requestTimeout } } });
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toHaveLength(3);
		expect(run.signedRequests[0].options.timeout).toBe(ms);
	});

	it.each([
		['={{ 3000000 }}', 'Request Timeout must be a number of seconds from 1 to 600, not 3000000.'],
		['={{ 1e9 }}', 'Request Timeout must be a number of seconds from 1 to 600, not 1000000000.'],
		[0, 'Request Timeout must be a number of seconds from 1 to 600, not 0.'],
		[-3, 'Request Timeout must be a number of seconds from 1 to 600, not -3.'],
		['={{ "soon" }}', 'Request Timeout must be a number of seconds from 1 to 600, not "soon".'],
	])('Request Timeout %p is refused with a message naming it, before any call', async (requestTimeout, message) => {
		const run = await getMany(env.sim(), { parameters: { options: { requestTimeout } } });
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toBe(message);
		expect(env.sim().counters().requests).toBe(0);
	});

	it('Limit, Parallel Requests and Max Reports per Poll accept numbers given as text by an expression', async () => {
		env.sim().seedReports(260);
		const run = await getMany(env.sim(), { parameters: { returnAll: false, limit: '={{ "100" }}', options: { parallelRequests: '={{ "2" }}' } } });
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toHaveLength(100);
		const { result, error } = await trigger({ maxReportsPerPoll: '={{ "100" }}' }).poll();
		expect(error).toBeUndefined();
		expect(result![0]).toHaveLength(100);
	});

	it.each([
		[2.5, 'Limit must be a whole number from 1 to 1,000,000, not 2.5.'],
		['={{ "12.5" }}', 'Limit must be a whole number from 1 to 1,000,000, not "12.5".'],
		['={{ "many" }}', 'Limit must be a whole number from 1 to 1,000,000, not "many".'],
		['={{ 1e9 }}', 'Limit must be a whole number from 1 to 1,000,000, not 1000000000.'],
	])('Limit %p is refused, naming the field', async (limit, message) => {
		const run = await getMany(env.sim(), { parameters: { returnAll: false, limit } });
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toBe(message);
		expect(env.sim().counters().requests).toBe(0);
	});
});

describe('no signature or password in quoted text', () => {
	const SIGNED = /SecretKey=|TimeStamp=\d|[0-9a-f]{32}/i;

	function everything(run: Awaited<ReturnType<typeof getMany>>): string {
		return JSON.stringify([run.error?.message, (run.error as { description?: string })?.description, run.error?.stack, run.storedError, run.hints, logText(run.logs)]);
	}

	it.each([
		['in Message', { body: { Code: '-1', Message: 'bad request: {{request}}' } }],
		['in an HTML page title', { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><title>Bad request {{request}}</title></html>' }],
		['in a redirect Location', { status: 302, headers: { Location: 'https://user:secret-pass@proxy.invalid/?{{request}}' }, body: '' }],
		['as JSON in Message', { body: '{"Code":"-1","Message":"{\\"SecretKey\\":\\"0123456789abcdef0123456789abcdef\\",\\"password\\":\\"hunter2\\"}"}' }],
	])('a service echoing the request %s: the error says what happened, the signature is gone', async (_name, answer) => {
		answerWith(env.sim(), answer);
		const run = await getMany(env.sim());
		expect(run.error).toBeInstanceOf(NodeApiError);
		const text = everything(run);
		expect(text).not.toMatch(SIGNED);
		expect(text).not.toContain('secret-pass');
		expect(text).not.toContain('hunter2');
	});

	it('a 1 MB Message becomes a short error and short log lines', async () => {
		answerWith(env.sim(), { body: { Code: '-1', Message: '错'.repeat(1_000_000) } });
		const run = await getMany(env.sim(), { continueOnFail: false });
		expect(run.error?.message).toBe('Mobset says a required field is missing (Code -1)');
		const [details] = (run.error as NodeApiError).messages;
		expect(details.length).toBeLessThan(400);
		expect(details).toContain('(999800 more characters)');
		expect(everything(run).length).toBeLessThan(20_000);
	});

	it('a Base URL with a user and password is never quoted with them', async () => {
		const run = await getMany(env.sim(), { credentials: { baseUrl: 'ftp://admin:hunter2@mobset.invalid/SDK3/Sms' } });
		expect(run.error?.message).toBe('Mobset Base URL "ftp://[credentials removed]@mobset.invalid/SDK3/Sms" must start with https:// or http://.');
		expect(everything(run)).not.toContain('hunter2');
	});
});

describe('a trigger test run checks the settings before returning the sample', () => {
	function testRun(parameters: Record<string, unknown>, credentials: Record<string, unknown> = {}) {
		return createPoller({
			nodeType: new MobsetSmsReportsTrigger(),
			mode: 'manual',
			credentials: { ...env.credentials(), ...credentials } as ICredentialDataDecryptedObject,
			parameters: parameters as INodeParameters,
		}).poll();
	}

	it.each([
		['CorpID abc', {}, { corpId: 'abc' }, /^Mobset CorpID "abc" is not valid: it must be the six-digit enterprise ID/],
		['an empty password', {}, { password: '' }, /^The Mobset API credential has no password/],
		['a Base URL that is not one', {}, { baseUrl: 'sms.mobset.com' }, /^Mobset Base URL "sms.mobset.com" is not a URL/],
		['Max Reports per Poll 0', { maxReportsPerPoll: 0 }, {}, /^Max Reports per Poll must be a whole number from 1 to 1,000,000, not 0\.$/],
		['Request Timeout 5000', { options: { requestTimeout: 5000 } }, {}, /^Request Timeout must be a number of seconds from 1 to 600, not 5000\.$/],
	])('refuses %s, fetching nothing', async (_name, parameters, credentials, message) => {
		env.sim().seedReports(3);
		const { result, error } = await testRun(parameters, credentials);
		expect(result).toBeNull();
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(message);
		expect(env.sim().counters().requests).toBe(0);
		expect(env.sim().counters().queued).toBe(3);
	});

	it('returns the sample when everything is right, taking nothing off the queue', async () => {
		env.sim().seedReports(3);
		const { result, error } = await testRun({});
		expect(error).toBeUndefined();
		expect(result![0][0].json.sample).toBe(true);
		expect(env.sim().counters().requestsByMethod).toEqual({ SmsGetBalance: 1 });
		expect(env.sim().counters().queued).toBe(3);
	});
});

describe('smaller edges', () => {
	it('Continue On Fail with Split Output by Outcome: the error item on the first output, as n8n\'s Switch does', async () => {
		env.sim().injectFault({ kind: 'http500' });
		const run = await getMany(env.sim(), { parameters: { splitByOutcome: true }, continueOnFail: true });
		expect(run.outputs).toEqual([[{ json: { error: 'Mobset is failing right now (HTTP 500).' }, pairedItem: { item: 0 } }], [], []]);
	});

	it('"Continue (using error output)" with Split Output by Outcome: the error item on the error output only', async () => {
		env.sim().injectFault({ kind: 'http500' });
		const run = await getMany(env.sim(), { parameters: { splitByOutcome: true }, onError: 'continueErrorOutput' });
		expect(run.outputs.slice(0, 3)).toEqual([[], [], []]);
		expect(run.outputs[3]).toEqual([expect.objectContaining({ json: { error: 'Mobset is failing right now (HTTP 500).' } })]);
	});

	it.each(['http:/127.0.0.1/SDK3/Sms', 'http:127.0.0.1/SDK3/Sms', 'https:/sms.mobset.com:843/SDK3/Sms'])(
		'refuses the Base URL %s before any call',
		async (baseUrl) => {
			const run = await getMany(env.sim(), { credentials: { baseUrl } });
			expect(run.error).toBeInstanceOf(NodeOperationError);
			expect(run.error?.message).toMatch(new RegExp(`^Mobset Base URL "${baseUrl.replace(/[/.]/g, '\\$&')}" is not a URL`));
		},
	);

	it('a 404 names the SDK3 path the Base URL must end in', async () => {
		const run = await getMany(env.sim(), { credentials: { baseUrl: `${env.sim().origin}/SDK3/Smss` } });
		expect(run.error?.message).toBe('Mobset answered HTTP 404: the address is not an SDK3 endpoint, whose path is /SDK3/Sms.');
		expect((run.error as NodeApiError).description).toContain('it must end in /SDK3/Sms (for example https://sms.mobset.com:843/SDK3/Sms)');
	});

	it('quotes a CorpID with its leading zero', async () => {
		const run = await getMany(env.sim(), { credentials: { corpId: '012345', baseUrl: '' } });
		expect(run.error?.message).toMatch(/^Mobset CorpID "012345" is outside the known platform ranges/);
	});

	it.each([
		['1.5', 1500],
		['0', 0],
		['86400', 3_600_000],
		[new Date(Date.now() + 7 * 24 * 3600 * 1000).toUTCString(), 3_600_000],
	])('reads Retry-After %s as %d ms (seconds with a fraction; capped at an hour)', async (retryAfter, ms) => {
		answerWith(env.sim(), { status: 429, headers: { 'Retry-After': retryAfter }, body: '' });
		const run = await getMany(env.sim());
		// The message too, so that any other failure says what it was.
		expect({ message: run.error?.message, failure: (run.error as NodeApiError | undefined)?.failure }).toEqual({
			message: 'Mobset is limiting the request rate (HTTP 429).',
			failure: { cause: 'rate-limited', retryAfterMs: ms },
		});
	});
});
