import { beijingStamp, call, md5, signed, useSimulator } from './helpers';

/** Negative codes here are the simulator's PROVISIONAL choices (no SDK3 error table exists). */
describe('simulator auth', () => {
	const sim = useSimulator({ seed: 7 });

	const ok = (json: unknown) => expect(json).toEqual({ Code: '0', Message: '取短信状态报告成功', Details: [] });

	it('accepts a good lower-case signature', async () => {
		const { status, json } = await call(sim, signed(sim.account, 'SmsGetReport'));
		expect(status).toBe(200);
		ok(json);
	});

	it('accepts a good upper-case signature', async () => {
		const fields = signed(sim.account, 'SmsGetReport', { upper: true });
		expect(fields.SecretKey).toMatch(/^[0-9A-F]{32}$/);
		ok((await call(sim, fields)).json);
	});

	it('signs MD5(CorpID+Password+TimeStamp) exactly: independent test vector', async () => {
		// ec8975c0... = MD5('100000' + 'secret123' + '20240101120000'), computed outside the project.
		sim.addAccount({ corpId: '100000', loginName: 'vector', password: 'secret123' });
		// Put the simulator's clock at 2024-01-01 12:00:00 Beijing so that TimeStamp is current.
		sim.setSwitches({ clockOffsetMs: Date.UTC(2024, 0, 1, 4, 0, 0) - Date.now() });
		const { json } = await call(sim, {
			CorpID: '100000',
			LoginName: 'vector',
			TimeStamp: '20240101120000',
			SecretKey: 'ec8975c09a8765e91605c953b08f90fe',
			Methods: 'SmsGetReport',
		});
		expect(json.Code).toBe('0');
	});

	it('rejects a wrong password with -2 on HTTP 200, without Details', async () => {
		sim.seedReports(3);
		const { status, json } = await call(sim, signed({ ...sim.account, password: 'wrong' }, 'SmsGetReport'));
		expect(status).toBe(200);
		expect(json).toEqual({ Code: '-2', Message: '账号或密码错误' });
		expect(sim.counters().queued).toBe(3);
	});

	it('rejects a SecretKey that is not the MD5 of the fields (e.g. one char off)', async () => {
		const fields = signed(sim.account, 'SmsGetReport');
		fields.SecretKey = (fields.SecretKey[0] === 'a' ? 'b' : 'a') + fields.SecretKey.slice(1);
		expect((await call(sim, fields)).json.Code).toBe('-2');
	});

	it('rejects an unknown CorpID and an unknown LoginName with -2', async () => {
		const unknownCorp = await call(sim, signed({ ...sim.account, corpId: '199999' }, 'SmsGetReport'));
		const unknownLogin = await call(sim, signed({ ...sim.account, loginName: 'nobody' }, 'SmsGetReport'));
		expect(unknownCorp.json.Code).toBe('-2');
		expect(unknownLogin.json.Code).toBe('-2');
	});

	it('matches LoginName without regard to case (the provider samples write admin and Admin)', async () => {
		ok((await call(sim, signed({ ...sim.account, loginName: 'ADMIN' }, 'SmsGetReport'))).json);
	});

	it.each(['CorpID', 'LoginName', 'TimeStamp', 'SecretKey', 'Methods'])('answers -1 when %s is missing or empty', async (field) => {
		const missing = signed(sim.account, 'SmsGetReport');
		delete missing[field];
		const empty = { ...signed(sim.account, 'SmsGetReport'), [field]: '' };
		for (const fields of [missing, empty]) {
			const { status, json } = await call(sim, fields);
			expect(status).toBe(200);
			expect(json).toEqual({ Code: '-1', Message: '参数不完整' });
		}
	});

	it.each([
		{ label: '19 minutes behind', offsetMs: -19 * 60_000, code: '2' },
		{ label: '19 minutes ahead', offsetMs: 19 * 60_000, code: '2' },
		{ label: '21 minutes behind', offsetMs: -21 * 60_000, code: '-12' },
		{ label: '21 minutes ahead', offsetMs: 21 * 60_000, code: '-12' },
	])('TimeStamp $label answers Code $code', async ({ offsetMs, code }) => {
		sim.seedReports(2);
		const { status, json } = await call(sim, signed(sim.account, 'SmsGetReport', { offsetMs }));
		expect(status).toBe(200);
		expect(json.Code).toBe(code);
		if (code === '-12') {
			expect(json.Message).toBe('时间戳错误,与服务器时间相差超过20分钟');
			expect(sim.counters().queued).toBe(2);
		} else {
			expect(json.Details).toHaveLength(2);
		}
	});

	it('reads TimeStamp as Beijing time: a UTC clock reading (8 h off) is rejected', async () => {
		const utc = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
		expect((await call(sim, signed(sim.account, 'SmsGetReport', { timeStamp: utc }))).json.Code).toBe('-12');
	});

	it.each(['1125120000', '20241301120000', '2024-01-01 12:00'])('rejects a malformed TimeStamp %p with -12 even when signed', async (timeStamp) => {
		expect((await call(sim, signed(sim.account, 'SmsGetReport', { timeStamp }))).json.Code).toBe('-12');
	});

	it('judges the window by the simulator clock (clockOffsetMs switch)', async () => {
		sim.setSwitches({ clockOffsetMs: 30 * 60_000 });
		expect((await call(sim, signed(sim.account, 'SmsGetReport'))).json.Code).toBe('-12');
		expect((await call(sim, signed(sim.account, 'SmsGetReport', { offsetMs: 30 * 60_000 }))).json.Code).toBe('0');
	});

	it('keeps accounts apart: each has its own password and queue', async () => {
		const other = { corpId: '305552', loginName: 'ops', password: 'Pa55word' };
		sim.addAccount(other);
		sim.seedReports(4, { account: other });
		expect((await call(sim, signed(sim.account, 'SmsGetReport'))).json.Code).toBe('0');
		expect((await call(sim, signed({ ...other, password: sim.account.password }, 'SmsGetReport'))).json.Code).toBe('-2');
		const { json } = await call(sim, signed(other, 'SmsGetReport'));
		expect(json.Code).toBe('4');
	});

	it('uses the helper md5 consistently with the documented second vector', () => {
		// Guards the test-side signer itself.
		expect(md5('305552' + 'Pa55word' + '20250303155321')).toBe('664974a14013a0b9b8ff4a0dcfb7ef06');
		expect(beijingStamp(0, Date.UTC(2024, 0, 1, 4, 0, 0))).toBe('20240101120000');
	});
});
