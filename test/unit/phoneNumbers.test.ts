import { parsePhoneNumbers, sameNumberKey } from '../../nodes/protocol/phoneNumbers';

describe('parsePhoneNumbers: numbers as people paste them', () => {
	it.each([
		['13800138000', ['13800138000']],
		['13800138000,13900139000', ['13800138000', '13900139000']],
		['13800138000，13900139000', ['13800138000', '13900139000']],
		['13800138000、13900139000', ['13800138000', '13900139000']],
		['13800138000;13900139000；13700137000', ['13800138000', '13900139000', '13700137000']],
		['13800138000 13900139000', ['13800138000', '13900139000']],
		['13800138000\n13900139000\r\n13700137000', ['13800138000', '13900139000', '13700137000']],
		['+8613800138000', ['13800138000']],
		['8613800138000', ['13800138000']],
		['008613800138000', ['13800138000']],
		['138-0013-8000', ['13800138000']],
		['+86 138 0013 8000', ['13800138000']],
		['+86 138-0013-8000, 86 139 0013 9000', ['13800138000', '13900139000']],
		['１３８００１３８０００', ['13800138000']],
		[' , 13800138000 ,, ', ['13800138000']],
	])('%j', (input, numbers) => {
		expect(parsePhoneNumbers(input)).toEqual({ numbers, rejected: [] });
	});

	it('takes numbers and arrays, as expressions give them', () => {
		expect(parsePhoneNumbers(13800138000)).toEqual({ numbers: ['13800138000'], rejected: [] });
		expect(parsePhoneNumbers(['13800138000', 13900139000, '13700137000,13600136000'])).toEqual({
			numbers: ['13800138000', '13900139000', '13700137000', '13600136000'],
			rejected: [],
		});
	});

	it('sends a number given twice in one list once', () => {
		expect(parsePhoneNumbers('13800138000, +86 138 0013 8000; 13800138000').numbers).toEqual(['13800138000']);
	});

	it.each([
		['abc', ['abc']],
		['1380013800', ['1380013800']],
		['138001380001', ['138001380001']],
		['23800138000', ['23800138000']],
		['13800138000, call me', ['call', 'me']],
		['020-12345678', ['020-12345678']],
		['+1 415 555 0100', ['+1', '415', '555', '0100']],
	])('refuses %j, naming what it could not read', (input, rejected) => {
		expect(parsePhoneNumbers(input).rejected).toEqual(rejected);
	});

	it('reads nothing from empty input', () => {
		expect(parsePhoneNumbers('')).toEqual({ numbers: [], rejected: [] });
		expect(parsePhoneNumbers(undefined)).toEqual({ numbers: [], rejected: [] });
	});

	it('compares a number Mobset writes back with its country code to the one sent', () => {
		expect(sameNumberKey('+8613800138000')).toBe('13800138000');
		expect(sameNumberKey(' 13800138000 ')).toBe('13800138000');
		expect(sameNumberKey('not a number')).toBe('not a number');
	});
});
