import { parseAnswer } from '../../nodes/protocol/answer';

const report = { SmsId: '1355555551', Status: '12', ReportTime: '2023-10-01 12:00:00', ExStatus: 'DELIVRD' };

function ok(text: string) {
	const parsed = parseAnswer(text);
	if (!parsed.ok) throw new Error(`expected a valid envelope, got ${parsed.problem}: ${parsed.message}`);
	return parsed.answer;
}

describe('parseAnswer: the SDK3 answer, whatever shape Mobset sends', () => {
	it('reads the provider page example (lower-case "code")', () => {
		const body = { code: '1', Message: '取短信状态报告成功', Details: [report] };
		expect(ok(JSON.stringify(body))).toEqual({ code: 1, message: '取短信状态报告成功', details: [report], body });
	});

	it.each([
		['Code as a string', { Code: '2' }, 2],
		['Code as a number', { Code: 2 }, 2],
		['upper-case CODE', { CODE: '2' }, 2],
		['negative code', { Code: '-2' }, -2],
		['zero', { Code: '0' }, 0],
	])('reads %s', (_name, body, code) => {
		expect(ok(JSON.stringify({ ...body, Message: 'x' })).code).toBe(code);
	});

	it.each([
		['missing', {}],
		['null', { Details: null }],
		['empty array', { Details: [] }],
		['empty string', { Details: '' }],
	])('treats Details %s as no reports', (_name, extra) => {
		expect(ok(JSON.stringify({ Code: '0', Message: '', ...extra })).details).toEqual([]);
	});

	it('reads lower-case "details" and "msg"', () => {
		const envelope = ok(JSON.stringify({ code: 1, msg: 'ok', details: [report] }));
		expect(envelope.details).toEqual([report]);
		expect(envelope.message).toBe('ok');
	});

	it('accepts a lone report sent as an object instead of an array', () => {
		expect(ok(JSON.stringify({ Code: '1', Details: report })).details).toEqual([report]);
	});

	it('keeps 64-bit SmsIds exact when Mobset sends them as bare numbers', () => {
		const text = '{"Code":"2","Details":[{"SmsID":18446744073709551615,"Status":"12"},{"SmsId":9007199254740993,"Status":"13"}]}';
		const ids = ok(text).details.map((d) => String(d.SmsID ?? d.SmsId));
		expect(ids).toEqual(['18446744073709551615', '9007199254740993']);
	});

	it('ignores a byte-order mark and surrounding white space', () => {
		expect(ok(`\uFEFF  ${JSON.stringify({ Code: '0' })}\n`).code).toBe(0);
	});

	it.each([
		['an empty body', '', 'empty'],
		['white space only', '  \n', 'empty'],
		['an HTML error page', '<html><head><title>502 Bad Gateway</title></head><body></body></html>', 'html'],
		['a JSON array', '[1,2]', 'not-an-object'],
		['JSON without a Code', '{"Message":"x"}', 'no-code'],
		['a non-numeric Code', '{"Code":"abc"}', 'no-code'],
	])('reports %s as a broken answer', (_name, text, problem) => {
		const parsed = parseAnswer(text);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.problem).toBe(problem);
	});

	it('names the HTML page title', () => {
		const parsed = parseAnswer('<html><title>502 Bad Gateway</title></html>');
		expect(!parsed.ok && parsed.message).toContain('502 Bad Gateway');
	});

	it('recovers the whole reports from a truncated body, and only those', () => {
		const full = JSON.stringify({
			Code: '3',
			Message: 'ok',
			Details: [report, { ...report, SmsId: '2' }, { ...report, SmsId: '3' }],
		});
		const cut = full.slice(0, full.lastIndexOf('"SmsId":"3"') + 8);
		const parsed = parseAnswer(cut);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problem).toBe('invalid-json');
		expect(parsed.salvaged.map((r) => r.SmsId)).toEqual(['1355555551', '2']);
	});

	it('keeps the reports of an answer that has Details but no Code', () => {
		const parsed = parseAnswer(JSON.stringify({ Details: [report] }));
		expect(!parsed.ok && parsed.salvaged).toEqual([report]);
	});
});
