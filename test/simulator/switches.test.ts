import { DEFAULT_SWITCHES } from '../../tools/simulator';
import { call, getReport, signed, useSimulator, withSimulator } from './helpers';

const BIG = '9007199254740993';

describe('simulator response-shape switches', () => {
	const sim = useSimulator({ seed: 13 });

	const one = () => sim.seedReports([{ smsId: BIG, status: '12', exStatus: 'DELIVRD', reportTime: '2023-10-01 12:00:00' }]);

	it('lowerCaseCode writes "code" (as the provider example does), on success and on errors', async () => {
		sim.setSwitches({ lowerCaseCode: true });
		one();
		const { text, json } = await getReport(sim);
		expect(text.startsWith('{"code":"1","Message":')).toBe(true);
		expect(json).not.toHaveProperty('Code');
		const failed = await call(sim, signed({ ...sim.account, password: 'x' }, 'SmsGetReport'));
		expect(failed.json).toEqual({ code: '-2', Message: '账号或密码错误' });
	});

	it('numericCode writes Code as a JSON number', async () => {
		sim.setSwitches({ numericCode: true });
		one();
		expect((await getReport(sim)).json.Code).toBe(1);
		expect((await getReport(sim)).text).toBe('{"Code":0,"Message":"取短信状态报告成功","Details":[]}');
		expect((await call(sim, signed({ ...sim.account, password: 'x' }, 'SmsGetReport'))).json.Code).toBe(-2);
	});

	it.each([
		{ emptyDetails: 'array', tail: ',"Details":[]}' },
		{ emptyDetails: 'missing', tail: '"取短信状态报告成功"}' },
		{ emptyDetails: 'null', tail: ',"Details":null}' },
		{ emptyDetails: 'emptyString', tail: ',"Details":""}' },
	] as const)('emptyDetails=$emptyDetails shapes an empty answer only', async ({ emptyDetails, tail }) => {
		sim.setSwitches({ emptyDetails });
		const empty = await getReport(sim);
		expect(empty.text.endsWith(tail)).toBe(true);
		expect(empty.json.Code).toBe('0');
		one();
		expect((await getReport(sim)).json.Details).toHaveLength(1);
	});

	it('smsIdKey=SmsID renames the id key of report items', async () => {
		sim.setSwitches({ smsIdKey: 'SmsID' });
		one();
		const item = (await getReport(sim)).json.Details[0];
		expect(Object.keys(item)).toEqual(['SmsID', 'Status', 'ReportTime', 'ExStatus']);
		expect(item.SmsID).toBe(BIG);
	});

	it('numericSmsId writes the id as a bare number that a float parser corrupts', async () => {
		sim.setSwitches({ numericSmsId: true });
		one();
		const { text, json } = await getReport(sim);
		expect(text).toContain(`"SmsId":${BIG},`);
		expect(String(json.Details[0].SmsId)).not.toBe(BIG);
	});

	it('numericStatus writes Status as a number', async () => {
		sim.setSwitches({ numericStatus: true });
		one();
		expect((await getReport(sim)).json.Details[0].Status).toBe(12);
	});

	it('includePhoneNumber appends PhoneNumber after the documented keys', async () => {
		sim.setSwitches({ includePhoneNumber: true });
		sim.seedReports([{ phoneNumber: '13800138000' }]);
		const item = (await getReport(sim)).json.Details[0];
		expect(Object.keys(item)).toEqual(['SmsId', 'Status', 'ReportTime', 'ExStatus', 'PhoneNumber']);
		expect(item.PhoneNumber).toBe('13800138000');
	});

	it('contentType changes the header of SDK3 answers', async () => {
		sim.setSwitches({ contentType: 'text/html; charset=utf-8' });
		const { headers, json } = await getReport(sim);
		expect(headers['content-type']).toBe('text/html; charset=utf-8');
		expect(json.Code).toBe('0');
	});

	it('maxPerCall changes the cap', async () => {
		sim.setSwitches({ maxPerCall: 7 });
		sim.seedReports(10);
		expect((await getReport(sim)).json.Code).toBe('7');
		expect((await getReport(sim)).json.Code).toBe('3');
	});

	it('combines switches', async () => {
		sim.setSwitches({ lowerCaseCode: true, numericCode: true, smsIdKey: 'SmsID', emptyDetails: 'missing' });
		one();
		expect((await getReport(sim)).text).toBe(
			`{"code":1,"Message":"取短信状态报告成功","Details":[{"SmsID":"${BIG}","Status":"12","ReportTime":"2023-10-01 12:00:00","ExStatus":"DELIVRD"}]}`,
		);
		expect((await getReport(sim)).text).toBe('{"code":0,"Message":"取短信状态报告成功"}');
	});

	it('rejects unknown switches and bad values, leaving the rest unchanged', () => {
		expect(() => sim.setSwitches({ lowercaseCode: true } as never)).toThrow(/Unknown switch/);
		expect(() => sim.setSwitches({ emptyDetails: 'nothing' } as never)).toThrow(/emptyDetails/);
		expect(() => sim.setSwitches({ numericCode: 'yes' } as never)).toThrow(/boolean/);
		expect(() => sim.setSwitches({ maxPerCall: 0 })).toThrow(/maxPerCall/);
		expect(sim.switches()).toEqual(DEFAULT_SWITCHES);
	});

	it('reset() restores the start-up switches', async () => {
		sim.setSwitches({ lowerCaseCode: true, numericCode: true });
		sim.reset();
		expect(sim.switches()).toEqual(DEFAULT_SWITCHES);
		expect((await getReport(sim)).text).toBe('{"Code":"0","Message":"取短信状态报告成功","Details":[]}');
	});

	it('start-up switches are what reset() returns to', async () => {
		await withSimulator({ switches: { lowerCaseCode: true }, reportDelayMs: 5 }, (custom) => {
			custom.setSwitches({ lowerCaseCode: false });
			custom.reset();
			expect(custom.switches()).toMatchObject({ lowerCaseCode: true, reportDelayMs: 5 });
		});
	});
});
