// Inputs found by trying the nodes as an adversary would: odd answers, settings and expressions that
// used to lose reports, leak a signature or break with an internal error. Each case runs through
// n8n's engine against the simulator.
import { NodeApiError } from 'n8n-workflow';

import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { createPoller } from '../../tools/harness';
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
		expect(run.error?.message).toBe(
			'Mobset refused the request with Code -31 ("时间戳错误"): the request time stamp was rejected: Mobset accepts requests only within 20 minutes of Beijing time, so check that this n8n server\'s clock is correct.',
		);
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
