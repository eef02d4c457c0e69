import { toReportItem } from '../../nodes/protocol/reports';
import { beijingTimeToIso } from '../../nodes/protocol/signing';

describe('toReportItem: the public item for one report', () => {
	it('maps the provider page example to the contract', () => {
		const raw = { SmsId: '1355555551', Status: '12', ReportTime: '2023-10-01 12:00:00', ExStatus: 'DELIVRD' };
		expect(toReportItem(raw, true)).toEqual({
			smsId: '1355555551',
			status: 'delivered',
			delivered: true,
			statusCode: 12,
			statusText: 'Received by the handset',
			exStatus: 'DELIVRD',
			reportTime: '2023-10-01T12:00:00+08:00',
			raw,
		});
	});

	it('omits raw when asked', () => {
		expect(toReportItem({ SmsId: '1', Status: '13' }, false)).not.toHaveProperty('raw');
	});

	it.each([
		[12, 'delivered', true],
		[13, 'failed', false],
		[11, 'failed', false],
		[7, 'failed', false],
		[2, 'failed', false],
		[0, 'pending', false],
		[1, 'pending', false],
		[10, 'pending', false],
		[15, 'unknown', false],
		[99, 'unknown', false],
	])('Status %d is %s', (code, status, delivered) => {
		const item = toReportItem({ SmsId: '1', Status: String(code) }, false);
		expect(item).toMatchObject({ status, delivered, statusCode: code });
		expect(item.statusText).not.toBe('');
	});

	it('keeps an unrecognised status code and says so', () => {
		expect(toReportItem({ SmsId: '1', Status: 42 }, false)).toMatchObject({
			status: 'unknown',
			statusCode: 42,
			statusText: 'Unrecognised status code 42',
		});
	});

	it('reads field names in any case and ids given as numbers', () => {
		const item = toReportItem({ smsid: 77, STATUS: 13, reporttime: '2024-02-29 23:59:59', exstatus: 'UNDELIV' }, false);
		expect(item).toMatchObject({
			smsId: '77',
			status: 'failed',
			statusCode: 13,
			exStatus: 'UNDELIV',
			reportTime: '2024-02-29T23:59:59+08:00',
		});
	});

	it('survives a report with every field missing', () => {
		expect(toReportItem({}, false)).toEqual({
			smsId: '',
			status: 'unknown',
			delivered: false,
			statusCode: null,
			statusText: 'No status code',
			exStatus: '',
			reportTime: null,
		});
	});
});

describe('beijingTimeToIso', () => {
	it.each([
		['2023-10-01 12:00:00', '2023-10-01T12:00:00+08:00'],
		['2023/1/5 8:05:09', '2023-01-05T08:05:09+08:00'],
		['2023-10-01T12:00:00', '2023-10-01T12:00:00+08:00'],
		['2023-10-01 12:00', '2023-10-01T12:00:00+08:00'],
	])('%s → %s', (input, iso) => {
		expect(beijingTimeToIso(input)).toBe(iso);
	});

	it.each(['', 'yesterday', '2023-02-30 10:00:00', '2023-13-01 10:00:00', '2023-10-01 24:00:00', '2023-10-01 12:60:00', null, 20231001])(
		'rejects %p',
		(input) => {
			expect(beijingTimeToIso(input)).toBeNull();
		},
	);

	it('does not depend on the host time zone', () => {
		expect(new Date(beijingTimeToIso('2023-10-01 12:00:00')!).toISOString()).toBe('2023-10-01T04:00:00.000Z');
	});
});
