import type { Answer } from '../../nodes/protocol/answer';
import {
	matchSendAnswer,
	MAX_NUMBERS_PER_CALL,
	planSendCalls,
	segmentsOf,
	textLength,
} from '../../nodes/protocol/sending';
import { formatBeijingTime, instantOf } from '../../nodes/protocol/signing';

const numbers = (count: number, from = 13800000000) => Array.from({ length: count }, (_, i) => String(from + i));

describe('text length and segments', () => {
	it('counts characters as a person does', () => {
		expect(textLength('验证码123')).toBe(6);
		expect(textLength('👍')).toBe(1);
	});

	it.each([
		[1, true, 1],
		[70, true, 1],
		[71, true, 2],
		[134, true, 2],
		[135, true, 3],
		[900, true, 14],
		[71, false, 2],
		[140, false, 2],
		[141, false, 3],
	])('%d characters, Long SMS %s: %d segments', (length, longSms, segments) => {
		expect(segmentsOf('字'.repeat(length), longSms)).toBe(segments);
	});
});

describe('planSendCalls: items into calls of up to 50 numbers', () => {
	it('10,000 customers on 10,000 items with the same text cost 200 calls', () => {
		const requests = numbers(10_000).map((number, item) => ({ item, numbers: [number], group: 'same' }));
		const calls = planSendCalls(requests);
		expect(calls).toHaveLength(200);
		expect(calls.every((call) => call.recipients.length === MAX_NUMBERS_PER_CALL)).toBe(true);
		expect(calls.flatMap((call) => call.recipients.map((r) => r.item))).toEqual(requests.map((r) => r.item));
	});

	it('keeps different texts in different calls', () => {
		const calls = planSendCalls([
			{ item: 0, numbers: ['13800000001'], group: 'a' },
			{ item: 1, numbers: ['13800000002'], group: 'b' },
			{ item: 2, numbers: ['13800000003'], group: 'a' },
		]);
		expect(calls.map((call) => [call.group, call.recipients.map((r) => r.item)])).toEqual([
			['a', [0, 2]],
			['b', [1]],
		]);
	});

	it('splits one item with 120 numbers into 50, 50 and 20', () => {
		const calls = planSendCalls([{ item: 0, numbers: numbers(120), group: 'g' }]);
		expect(calls.map((call) => call.recipients.length)).toEqual([50, 50, 20]);
	});

	it('never puts one number twice in a call', () => {
		const calls = planSendCalls([
			{ item: 0, numbers: ['13800000001', '13800000002'], group: 'g' },
			{ item: 1, numbers: ['13800000001'], group: 'g' },
			{ item: 2, numbers: ['13800000003'], group: 'g' },
		]);
		expect(calls.map((call) => call.recipients)).toEqual([
			[
				{ item: 0, phoneNumber: '13800000001' },
				{ item: 0, phoneNumber: '13800000002' },
				{ item: 2, phoneNumber: '13800000003' },
			],
			[{ item: 1, phoneNumber: '13800000001' }],
		]);
	});
});

const answer = (code: number, details: Record<string, unknown>[], extra: Record<string, unknown> = {}): Answer => ({
	code,
	message: 'ok',
	details,
	body: { Code: String(code), Message: 'ok', Details: details, ...extra },
});

describe('matchSendAnswer: which number got which SmsId', () => {
	const sent = ['13800000001', '13800000002', '13800000003'];

	it('matches entries by number, whatever their order and spelling', () => {
		const match = matchSendAnswer(
			sent,
			answer(3, [
				{ PhoneNumber: '13800000003', SmsID: '9000000000000000003' },
				{ mobile: '+8613800000001', smsid: 9001 },
				{ phonenumber: '8613800000002', SmsId: '9002' },
			]),
		);
		expect(match).toEqual({
			kind: 'matched',
			accepted: [
				{ phoneNumber: '13800000003', smsId: '9000000000000000003', record: expect.any(Object) },
				{ phoneNumber: '13800000001', smsId: '9001', record: expect.any(Object) },
				{ phoneNumber: '13800000002', smsId: '9002', record: expect.any(Object) },
			],
			notAccepted: [],
			unknown: [],
		});
	});

	it('a partly accepted call: the numbers not listed were not accepted', () => {
		const match = matchSendAnswer(sent, answer(1, [{ PhoneNumber: '13800000002', SmsId: '1' }]));
		expect(match).toMatchObject({ kind: 'matched', notAccepted: ['13800000001', '13800000003'], unknown: [] });
	});

	it('a Code counting more acceptances than listed leaves the unlisted numbers unknown', () => {
		const match = matchSendAnswer(sent, answer(3, [{ PhoneNumber: '13800000002', SmsId: '1' }]));
		expect(match).toMatchObject({ kind: 'matched', notAccepted: [], unknown: ['13800000001', '13800000003'] });
	});

	it('one number, one entry without a number: that is its SmsId', () => {
		expect(matchSendAnswer(['13800000001'], answer(1, [{ SmsId: '77' }]))).toMatchObject({
			kind: 'matched',
			accepted: [{ phoneNumber: '13800000001', smsId: '77' }],
		});
	});

	it('one number, a lone SmsId beside Code', () => {
		expect(matchSendAnswer(['13800000001'], answer(1, [], { SmsId: '78' }))).toMatchObject({
			kind: 'matched',
			accepted: [{ phoneNumber: '13800000001', smsId: '78' }],
		});
	});

	it.each([
		['no entries', answer(3, []), /no SmsIds/],
		['entries without numbers', answer(3, [{ SmsId: '1' }, { SmsId: '2' }, { SmsId: '3' }]), /which phone number/],
		['an entry without an SmsId', answer(1, [{ PhoneNumber: '13800000001' }]), /no SmsId/],
		['a number not sent', answer(1, [{ PhoneNumber: '13900000000', SmsId: '1' }]), /not in the call/],
		['a number twice', answer(2, [{ PhoneNumber: '13800000001', SmsId: '1' }, { PhoneNumber: '13800000001', SmsId: '2' }]), /twice/],
	])('does not guess: %s', (_, body, reason) => {
		const match = matchSendAnswer(sent, body);
		expect(match.kind).toBe('unmatched');
		expect(match.kind === 'unmatched' && match.reason).toMatch(reason);
	});
});

describe('instantOf: a date-time field to the instant it names', () => {
	it.each([
		['2026-12-24T10:00:00', 'Asia/Shanghai', '2026-12-24 10:00:00'],
		['2026-12-24T10:00:00', 'UTC', '2026-12-24 18:00:00'],
		['2026-12-24T10:00:00', 'America/New_York', '2026-12-24 23:00:00'],
		['2026-07-01T10:00:00', 'America/New_York', '2026-07-01 22:00:00'],
		['2026-12-24 10:00', 'Europe/Berlin', '2026-12-24 17:00:00'],
		['2026-12-24T10:00:00Z', 'America/New_York', '2026-12-24 18:00:00'],
		['2026-12-24T10:00:00.000+02:00', 'Asia/Shanghai', '2026-12-24 16:00:00'],
		['2026-12-24T10:00:00-0500', 'Asia/Shanghai', '2026-12-24 23:00:00'],
		['2026-12-31T23:30:00', 'Pacific/Kiritimati', '2026-12-31 17:30:00'],
	])('%s in %s is %s in Beijing', (value, zone, beijing) => {
		expect(formatBeijingTime(instantOf(value, zone)!)).toBe(beijing);
	});

	it('takes a Date, a Luxon-like DateTime and epoch milliseconds as they are', () => {
		const instant = new Date('2026-12-24T02:00:00Z');
		expect(instantOf(instant, 'UTC')).toEqual(instant);
		expect(instantOf({ toJSDate: () => instant }, 'UTC')).toEqual(instant);
		expect(instantOf(instant.getTime(), 'UTC')).toEqual(instant);
	});

	it.each([['tomorrow'], ['2026-13-01T00:00:00'], ['2026-02-30T00:00:00'], ['2026-01-01T24:00:00'], [12345], [null], [{}]])(
		'refuses %j',
		(value) => {
			expect(instantOf(value, 'UTC')).toBeUndefined();
		},
	);
});
