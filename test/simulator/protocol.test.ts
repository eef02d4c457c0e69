import { request } from 'undici';
import { call, getReport, signed, useSimulator } from './helpers';

describe('simulator transport and request parsing', () => {
	const sim = useSimulator({ seed: 11 });

	it.each(['/SDK3/Sms', '/sdk3/sms', '/SDK3/SMS', '/Sdk3/sMs'])('serves %s (path case-insensitive)', async (path) => {
		sim.seedReports(1);
		const { status, json } = await call(sim, signed(sim.account, 'SmsGetReport'), { path });
		expect(status).toBe(200);
		expect(json.Code).toBe('1');
	});

	it.each(['/', '/SDK3', '/SDK3/Sms2', '/SDK3/Sms/extra', '/SDK2/Sms'])('answers 404 on %s', async (path) => {
		sim.seedReports(1);
		const { status } = await call(sim, signed(sim.account, 'SmsGetReport'), { path });
		expect(status).toBe(404);
		expect(sim.counters().queued).toBe(1);
	});

	it('accepts GET with every field in the query string', async () => {
		sim.seedReports(2);
		const { status, json } = await call(sim, signed(sim.account, 'SmsGetReport'), { via: 'GET' });
		expect(status).toBe(200);
		expect(json.Code).toBe('2');
	});

	it('accepts POST with a form body', async () => {
		sim.seedReports(2);
		expect((await call(sim, signed(sim.account, 'SmsGetReport'), { via: 'POST' })).json.Code).toBe('2');
	});

	it('rejects other HTTP verbs with 405', async () => {
		const res = await request(`${sim.url}?${new URLSearchParams(signed(sim.account, 'SmsGetReport'))}`, { method: 'PUT' });
		await res.body.text();
		expect(res.statusCode).toBe(405);
		expect(res.headers.allow).toBe('GET, POST');
	});

	it('merges query and form fields (auth in the URL, Methods in an otherwise empty-ish body)', async () => {
		sim.seedReports(3);
		const { Methods, ...auth } = signed(sim.account, 'SmsGetReport');
		const { json } = await call(sim, { Methods }, { query: auth });
		expect(json.Code).toBe('3');
	});

	it('accepts a POST with all fields in the query and an empty body', async () => {
		sim.seedReports(1);
		const { json } = await call(sim, {}, { query: signed(sim.account, 'SmsGetReport') });
		expect(json.Code).toBe('1');
	});

	it('lets the body win when a field is in both', async () => {
		sim.seedReports(1);
		const { json } = await call(sim, signed(sim.account, 'SmsGetReport'), {
			query: { Methods: 'SmsGetBalance' },
		});
		expect(json.Message).toBe('取短信状态报告成功');
		expect(json.Code).toBe('1');
	});

	it('ignores a body that is not form-encoded (e.g. JSON)', async () => {
		const res = await request(sim.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(signed(sim.account, 'SmsGetReport')),
		});
		expect(JSON.parse(await res.body.text()).Code).toBe('-1');
	});

	it('decodes UTF-8 percent-encoding (Chinese content round-trips through SmsSend)', async () => {
		sim.setSwitches({ reportDelayMs: 0, reportDelayJitterMs: 0 });
		const content = '验证码:123456,请勿泄露【短信易】';
		const ok = await call(sim, { ...signed(sim.account, 'SmsSend'), PhoneNumbers: '13800138000', Content: content });
		expect(ok.json.Code).toBe('1');
		// 900 CJK characters is the limit; 901 fails: proves characters, not bytes, are counted.
		const limit = await call(sim, { ...signed(sim.account, 'SmsSend'), PhoneNumbers: '13800138000', Content: '短'.repeat(900) });
		const over = await call(sim, { ...signed(sim.account, 'SmsSend'), PhoneNumbers: '13800138000', Content: '短'.repeat(901) });
		expect(limit.json.Code).toBe('1');
		expect(over.json).toEqual({ Code: '-11', Message: '短信内容超过900个字' });
	});

	it('answers JSON with Content-Type application/json and Code as a string', async () => {
		const { headers, text } = await getReport(sim);
		expect(headers['content-type']).toBe('application/json; charset=utf-8');
		expect(text).toBe('{"Code":"0","Message":"取短信状态报告成功","Details":[]}');
	});

	it('treats field names case-sensitively unless the switch says otherwise', async () => {
		const lower = Object.fromEntries(Object.entries(signed(sim.account, 'SmsGetReport')).map(([k, v]) => [k.toLowerCase(), v]));
		expect((await call(sim, lower)).json.Code).toBe('-1');
		sim.setSwitches({ caseInsensitiveFieldNames: true });
		expect((await call(sim, lower)).json.Code).toBe('0');
	});

	it('answers -99 for an unknown method and -98 for a documented one it does not model', async () => {
		expect((await call(sim, signed(sim.account, 'SmsFlyToMoon'))).json).toEqual({ Code: '-99', Message: '未知的请求方法' });
		expect((await call(sim, signed(sim.account, 'SignNameApply'))).json.Code).toBe('-98');
		// Method names are matched exactly.
		expect((await call(sim, signed(sim.account, 'smsgetreport'))).json.Code).toBe('-99');
	});

	it('checks auth before the method: an unknown method with a bad signature is -2', async () => {
		const { json } = await call(sim, signed({ ...sim.account, password: 'x' }, 'SmsFlyToMoon'));
		expect(json.Code).toBe('-2');
	});
});
