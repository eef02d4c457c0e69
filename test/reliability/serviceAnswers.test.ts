// Bad-input matrix, service side: every answer shape Mobset (or something in front of it) could
// send, each with the exact result or error. Whatever reports an answer carries reach the output.
import { NodeApiError } from 'n8n-workflow';

import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { createPoller, startCaptureServer } from '../../tools/harness';
import { smsIds, useSimulator } from '../nodes/fixtures';
import {
	answerWith,
	expectReadableMessage,
	getMany,
	publicFields,
	raws,
	report,
	REPORT_TIME,
	REPORT_TIME_ISO,
	type Answer,
} from './support/answers';

const env = useSimulator();

const delivered = (smsId: string) => ({
	smsId,
	status: 'delivered',
	delivered: true,
	statusCode: 12,
	statusText: 'Received by the handset',
	exStatus: 'DELIVRD',
	reportTime: REPORT_TIME_ISO,
});

const failed = (smsId: string) => ({
	smsId,
	status: 'failed',
	delivered: false,
	statusCode: 13,
	statusText: 'Not received by the handset',
	exStatus: 'UNDELIV',
	reportTime: REPORT_TIME_ISO,
});

async function itemsFor(answer: Answer) {
	answerWith(env.sim(), answer);
	const run = await getMany(env.sim());
	expect(run.error).toBeUndefined();
	expect(run.hints).toEqual([]);
	return run.outputs[0];
}

describe('key case and value types', () => {
	it.each([
		['Code, Message, Details as the field table spells them', { Code: '2', Message: '取短信状态报告成功', Details: [report('101'), report('102', '13')] }],
		['lower-case "code", as the provider page example', { code: '2', Message: 'ok', Details: [report('101'), report('102', '13')] }],
		['upper-case CODE, MESSAGE, DETAILS', { CODE: '2', MESSAGE: 'ok', DETAILS: [report('101'), report('102', '13')] }],
		['mixed-case cOdE, mSg, dEtAiLs', { cOdE: '2', mSg: 'ok', dEtAiLs: [report('101'), report('102', '13')] }],
		['Code as a JSON number', { Code: 2, Details: [report('101'), report('102', '13')] }],
		['Code padded with spaces', { Code: ' 2 ', Details: [report('101'), report('102', '13')] }],
		['Details sent twice encoded, as a JSON string', { Code: '2', Details: JSON.stringify([report('101'), report('102', '13')]) }],
	])('reads %s', async (_name, body) => {
		expect(publicFields(await itemsFor({ body }))).toEqual([delivered('101'), failed('102')]);
	});

	it.each([
		['SmsID (older generations)', { SmsID: '101', Status: '12', ReportTime: REPORT_TIME, ExStatus: 'DELIVRD' }],
		['all lower case', { smsid: '101', status: '12', reporttime: REPORT_TIME, exstatus: 'DELIVRD' }],
		['all upper case', { SMSID: '101', STATUS: '12', REPORTTIME: REPORT_TIME, EXSTATUS: 'DELIVRD' }],
		['SmsId and Status as JSON numbers', { SmsId: 101, Status: 12, ReportTime: REPORT_TIME, ExStatus: 'DELIVRD' }],
		['values padded with spaces', { SmsId: ' 101 ', Status: ' 12 ', ReportTime: ` ${REPORT_TIME} `, ExStatus: ' DELIVRD ' }],
	])('reads report fields spelled %s, keeping the report as sent under raw', async (_name, raw) => {
		const items = await itemsFor({ body: { Code: '1', Details: [raw] } });
		expect(publicFields(items)).toEqual([delivered('101')]);
		expect(raws(items)).toEqual([raw]);
	});
});

describe('Details in other shapes', () => {
	it('reads a lone report sent as an object instead of an array', async () => {
		expect(smsIds(await itemsFor({ body: { Code: '1', Details: report('101') } }))).toEqual(['101']);
	});

	it('reads reports sent as an object keyed by position', async () => {
		const items = await itemsFor({ body: { Code: '2', Details: { 0: report('101'), 1: report('102') } } });
		expect(smsIds(items)).toEqual(['101', '102']);
	});

	it('outputs the readable reports and warns when some entries are not reports', async () => {
		answerWith(env.sim(), { body: { Code: '4', Details: [report('101'), null, 'junk', 7] } });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(['101']);
		expect(run.hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message:
					'A request to Mobset failed after 1 report was fetched: Mobset said it handed out 4 reports, but only 1 could be read from its answer: 3 cannot be fetched again. Every report fetched is in the output; any still on Mobset wait for the next run.',
			}),
		]);
	});

	it('fails, naming the loss, when Code counts reports the answer does not hold', async () => {
		answerWith(env.sim(), { body: { Code: '3', Message: '取短信状态报告成功' } });
		const run = await getMany(env.sim());
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error?.message).toBe('Mobset said it handed out 3 reports, but only 0 could be read from its answer: 3 cannot be fetched again.');
		expect((run.error as NodeApiError).description).toBe(
			'Any reports that did arrive are in the output. Mobset returns each report only once, so the missing ones are lost; if this repeats, report it to Mobset support.',
		);
	});

	it('accepts more reports than Code counts: nothing is missing', async () => {
		expect(smsIds(await itemsFor({ body: { Code: '1', Details: [report('101'), report('102')] } }))).toEqual(['101', '102']);
	});
});

describe('reports with missing or odd fields are output, never dropped', () => {
	it('outputs a report with no fields at all', async () => {
		const items = await itemsFor({ body: { Code: '1', Details: [{}] } });
		expect(items.map((item) => item.json)).toEqual([
			{ smsId: '', status: 'unknown', delivered: false, statusCode: null, statusText: 'No status code', exStatus: '', reportTime: null, raw: {} },
		]);
	});

	it('outputs a report that has only an SmsId', async () => {
		const items = await itemsFor({ body: { Code: '1', Details: [{ SmsId: '101' }] } });
		expect(publicFields(items)).toEqual([
			{ smsId: '101', status: 'unknown', delivered: false, statusCode: null, statusText: 'No status code', exStatus: '', reportTime: null },
		]);
	});

	it.each([
		['99', 99, 'Unrecognised status code 99'],
		['14', 14, 'Unrecognised status code 14'],
		['-1', -1, 'Unrecognised status code -1'],
		['abc', null, 'Unrecognised status "abc"'],
		['12.5', null, 'Unrecognised status "12.5"'],
		['', null, 'No status code'],
	])('marks Status "%s", outside the table, as unknown and names it', async (status, statusCode, statusText) => {
		const items = await itemsFor({ body: { Code: '1', Details: [{ ...report('101'), Status: status }] } });
		expect(items[0].json).toMatchObject({ smsId: '101', status: 'unknown', delivered: false, statusCode, statusText });
		expect((items[0].json.raw as { Status: string }).Status).toBe(status);
	});

	it.each([
		['a date that does not exist', '2023-02-30 10:00:00'],
		['a word', 'yesterday'],
		['an empty string', ''],
		['a Unix time', 1696132800],
		['a date without a time', '2023-10-01'],
		['25 o\'clock', '2023-10-01 25:00:00'],
	])('keeps a report whose ReportTime is %s: reportTime null, the original under raw', async (_name, reportTime) => {
		const items = await itemsFor({ body: { Code: '1', Details: [{ ...report('101'), ReportTime: reportTime }] } });
		expect(items[0].json).toMatchObject({ smsId: '101', status: 'delivered', reportTime: null });
		expect((items[0].json.raw as { ReportTime: unknown }).ReportTime).toBe(reportTime);
	});
});

describe('64-bit SmsIds stay exact', () => {
	// Odd values above 2^53: a double would round every one of them.
	const ids = ['9007199254740993', '18446744073709551615', '9223372036854775807'];

	it.each(['SmsId', 'SmsID', 'smsid', 'SMSID'])('when sent as bare JSON numbers under "%s"', async (key) => {
		const details = ids.map((id) => `{"${key}":${id},"Status":12,"ReportTime":"${REPORT_TIME}","ExStatus":"DELIVRD"}`);
		const items = await itemsFor({ body: `{"Code":3,"Details":[${details.join(',')}]}` });
		expect(smsIds(items)).toEqual(ids);
	});

	it('when sent as strings', async () => {
		expect(smsIds(await itemsFor({ body: { Code: '3', Details: ids.map((id) => report(id)) } }))).toEqual(ids);
	});

	it('when recovered from a cut-off answer', async () => {
		const details = ids.map((id) => `{"SmsId":${id},"Status":12,"ReportTime":"${REPORT_TIME}","ExStatus":"DELIVRD"}`);
		const full = `{"Code":"4","Details":[${details.join(',')},{"SmsId":1`;
		answerWith(env.sim(), { body: full });
		const run = await getMany(env.sim());
		expect(smsIds(run.outputs[0])).toEqual(ids);
		expect(run.hints[0].message).toContain('Mobset said it handed out 4 reports, but only 3 could be read from its answer (it was cut off): 1 cannot be fetched again.');
	});
});

describe('bodies that are not an SDK3 answer', () => {
	const temporary = { httpCode: '200', failure: { cause: 'temporarily-unavailable' } };
	const retry =
		'Try again later. If Mobset had already handed out reports for this call they cannot be fetched again: the service returns each report only once.';

	it.each([
		['an empty body', '', 'Mobset sent an empty answer instead of JSON.'],
		['white space only', ' \r\n ', 'Mobset sent an empty answer instead of JSON.'],
		['JSON null', 'null', 'Mobset sent JSON that is not an object with a Code.'],
		['a JSON array', '[]', 'Mobset sent JSON that is not an object with a Code.'],
		['no Code', '{"Message":"ok","Details":[]}', 'Mobset sent an answer without a numeric Code.'],
		['a Code that is not a whole number', '{"Code":"1.5","Details":[]}', 'Mobset sent an answer without a numeric Code.'],
		['a Code of true', '{"Code":true}', 'Mobset sent an answer without a numeric Code.'],
		['plain text', 'Service Unavailable', 'Mobset sent an answer that is not valid JSON (it looks cut off).'],
		[
			'an HTML page with HTTP 200',
			'<html><head><title>系统维护中</title></head><body></body></html>',
			'Mobset sent an HTML page ("系统维护中") instead of JSON: the service or a proxy in front of it is failing.',
		],
	])('fails clearly on %s', async (_name, body, message) => {
		answerWith(env.sim(), { body });
		const run = await getMany(env.sim());
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error?.message).toBe(message);
		expect(run.error).toMatchObject({ description: retry, ...temporary });
		expectReadableMessage(run.error?.message);
	});

	it('still outputs the reports of an answer that has Details but no usable Code', async () => {
		answerWith(env.sim(), { body: { Code: 'OK', Details: [report('101')] } });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(['101']);
		expect(run.hints[0].message).toContain('Mobset sent an answer without a numeric Code.');
	});
});

describe('bodies of several megabytes', () => {
	const padding = 'x'.repeat(6 * 1024 * 1024);
	const fifty = Array.from({ length: 50 }, (_, i) => report(String(1000 + i)));

	it('reads 50 reports from a 6 MB answer', async () => {
		answerWith(env.sim(), { body: JSON.stringify({ Code: '50', Message: padding, Details: fifty }) });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(fifty.map((r) => r.SmsId));
	});

	it('recovers the whole reports of a 6 MB answer cut off in the middle', async () => {
		const full = JSON.stringify({ Code: '50', Details: fifty, Message: padding });
		const cut = full.slice(0, full.indexOf('"SmsId":"1030"'));
		answerWith(env.sim(), { body: cut });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(smsIds(run.outputs[0])).toEqual(fifty.slice(0, 30).map((r) => r.SmsId));
		expect(run.hints[0].message).toContain('Mobset said it handed out 50 reports, but only 30 could be read from its answer (it was cut off)');
	});

	it('reads an empty 8 MB answer as an empty queue', async () => {
		env.sim().injectFault({ kind: 'respond', bodySize: 8 * 1024 * 1024 });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(run.outputs).toEqual([[]]);
	});
});

describe('Content-Type other than JSON', () => {
	it.each(['text/html; charset=utf-8', 'text/plain', 'application/octet-stream', 'application/xml', 'application/json; charset=gbk'])(
		'reads a JSON answer sent as %s',
		async (contentType) => {
			const items = await itemsFor({ headers: { 'Content-Type': contentType }, body: { Code: '1', Details: [report('101')] } });
			expect(smsIds(items)).toEqual(['101']);
		},
	);

	it('reads a JSON answer sent with no Content-Type at all', async () => {
		expect(smsIds(await itemsFor({ headers: {}, body: { Code: '1', Details: [report('101')] } }))).toEqual(['101']);
	});

	it('still names the code and the fix when Message is GBK, not UTF-8', async () => {
		// {"Code":"-2","Message":"账号或密码错误"} with the Message in GBK bytes.
		const gbk = Buffer.concat([
			Buffer.from('{"Code":"-2","Message":"'),
			Buffer.from('d5cbbac5bbf2c3dcc2ebb4edcef3', 'hex'),
			Buffer.from('"}'),
		]);
		answerWith(env.sim(), { headers: { 'Content-Type': 'application/json; charset=gbk' }, bodyBase64: gbk.toString('base64') });
		const run = await getMany(env.sim());
		expect(run.error?.message).toBe('Mobset refused the credential (Code -2)');
		expect((run.error as NodeApiError | undefined)?.description).toMatch(/^The CorpID, Login Name or password is wrong/);
		expect((run.error as NodeApiError).messages).toEqual(['Mobset answered Code -2 with the message "账号或密码错误".']);
		expect(run.error).toMatchObject({ httpCode: '401', failure: { cause: 'credential-invalid' } });
	});
});

describe('HTTP status codes from the service\'s edge', () => {
	beforeEach(() => {
		env.sim().seedReports(5);
	});

	afterEach(() => {
		// Whatever the failure, the reports waiting on Mobset are still there for the next run.
		expect(env.sim().counters().queued).toBe(5);
	});

	const cases: Array<[string, Answer, { message: string; description: string; httpCode: string; failure?: object }]> = [
		[
			'301 with a Location',
			{ status: 301, headers: { Location: 'https://sms9.mobset.com:843/SDK3/Sms' }, body: '' },
			{
				message: 'Mobset answered with a redirect (HTTP 301 to https://sms9.mobset.com:843/SDK3/Sms) instead of a result.',
				description:
					'The node does not follow redirects, so signed requests only go where you configured. If the new address is genuine, put it in the Base URL of the Mobset API credential.',
				httpCode: '301',
				failure: { cause: 'configuration-invalid' },
			},
		],
		[
			'403',
			{ status: 403, headers: { 'Content-Type': 'text/html' }, body: '<h1>403 Forbidden</h1>' },
			{
				message: 'Mobset refused access (HTTP 403).',
				description: 'Check the Mobset API credential, and whether your Mobset account only allows certain server IP addresses.',
				httpCode: '403',
				failure: { cause: 'credential-invalid' },
			},
		],
		[
			'429 with Retry-After in seconds',
			{ status: 429, headers: { 'Retry-After': '120' }, body: '' },
			{
				message: 'Mobset is limiting the request rate (HTTP 429).',
				description: 'Poll less often, or let n8n retry later.',
				httpCode: '429',
				failure: { cause: 'rate-limited', retryAfterMs: 120_000 },
			},
		],
		[
			'429 without Retry-After',
			{ status: 429, body: 'Too Many Requests' },
			{
				message: 'Mobset is limiting the request rate (HTTP 429).',
				description: 'Poll less often, or let n8n retry later.',
				httpCode: '429',
				failure: { cause: 'rate-limited' },
			},
		],
		[
			'503 with Retry-After',
			{ status: 503, headers: { 'Retry-After': '30', 'Content-Type': 'text/html' }, body: '<title>Service Unavailable</title>' },
			{
				message: 'Mobset is failing right now (HTTP 503).',
				description: 'Try again later; the node settings "Retry On Fail" can do that automatically.',
				httpCode: '503',
				failure: { cause: 'temporarily-unavailable', retryAfterMs: 30_000 },
			},
		],
		[
			'418, which nothing expects',
			{ status: 418, body: '' },
			{
				message: 'Mobset answered with an unexpected HTTP status 418.',
				description: 'Check the Endpoint and Base URL of the Mobset API credential; if they are right, try again later.',
				httpCode: '418',
			},
		],
	];

	it.each(cases)('HTTP %s: a NodeApiError n8n can classify, with the fix', async (_name, answer, expected) => {
		answerWith(env.sim(), answer);
		const run = await getMany(env.sim());
		expect(run.error).toBeInstanceOf(NodeApiError);
		const error = run.error as NodeApiError;
		expect(error.message).toBe(expected.message);
		expect(error.description).toBe(expected.description);
		expect(error.httpCode).toBe(expected.httpCode);
		expect(error.failure).toEqual(expected.failure);
		// n8n keeps the classification in the execution data, where retries and alerts read it.
		expect(run.storedError).toMatchObject({ httpCode: expected.httpCode, message: expected.message });
		expect((run.storedError as { failure?: object }).failure).toEqual(expected.failure);
	});

	it('reads a Retry-After given as an HTTP date', async () => {
		answerWith(env.sim(), { status: 429, headers: { 'Retry-After': new Date(Date.now() + 90_000).toUTCString() }, body: '' });
		const error = (await getMany(env.sim())).error as NodeApiError;
		const failure = error.failure as { cause: string; retryAfterMs: number };
		expect(failure.cause).toBe('rate-limited');
		expect(failure.retryAfterMs).toBeGreaterThan(85_000);
		expect(failure.retryAfterMs).toBeLessThanOrEqual(90_000);
	});

	it('does not follow a redirect: the signed request goes nowhere else', async () => {
		const elsewhere = await startCaptureServer();
		try {
			answerWith(env.sim(), { status: 302, headers: { Location: elsewhere.url }, body: '' });
			const run = await getMany(env.sim());
			expect(run.error?.message).toBe(`Mobset answered with a redirect (HTTP 302 to ${elsewhere.url}) instead of a result.`);
			expect(elsewhere.requests).toEqual([]);
		} finally {
			await elsewhere.close();
		}
	});

	it('keeps the reports of earlier calls when a later call is rate-limited, and says so', async () => {
		env.sim().seedReports(95);
		answerWith(env.sim(), { status: 429, headers: { 'Retry-After': '60' }, body: '' }, { afterCalls: 2 });
		const run = await getMany(env.sim());
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toHaveLength(100);
		expect(run.hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message:
					'A request to Mobset failed after 100 reports were fetched: Mobset is limiting the request rate (HTTP 429). Every report fetched is in the output; any still on Mobset wait for the next run.',
			}),
		]);
		// Leave the five the afterEach hook counts.
		expect(env.sim().counters().queued).toBe(0);
		env.sim().seedReports(5);
	});

	it('the trigger reports 429 and 503 to n8n with their code and cause', async () => {
		const poller = createPoller({
			nodeType: new MobsetSmsReportsTrigger(),
			credentials: { ...env.sim().account, baseUrl: env.sim().url },
		});
		answerWith(env.sim(), { status: 429, headers: { 'Retry-After': '5' }, body: '' });
		const limited = await poller.poll();
		expect(limited.result).toBeNull();
		expect(limited.error).toBeInstanceOf(NodeApiError);
		expect(limited.error).toMatchObject({ httpCode: '429', failure: { cause: 'rate-limited', retryAfterMs: 5000 } });
		answerWith(env.sim(), { status: 503, body: '' });
		const down = await poller.poll();
		expect(down.error).toMatchObject({ message: 'Mobset is failing right now (HTTP 503).', httpCode: '503', failure: { cause: 'temporarily-unavailable' } });
	});
});
