import type { Answer } from '../../nodes/protocol/answer';
import { balanceOf, newTemplateIdOf, queriedTemplateOf, signaturesOf, toTemplateItem } from '../../nodes/protocol/account';
import { replyKey, toReplyItem } from '../../nodes/protocol/replies';

describe('toReplyItem: the public item for one reply', () => {
	it('maps the SDK3 fields', () => {
		const raw = { PhoneNumber: '13800138000', RecvNumber: '106900001', AddNum: '01', RecvTime: '2026-12-02 09:15:00', Content: ' 退订 ' };
		expect(toReplyItem(raw, true)).toEqual({
			phoneNumber: '13800138000',
			recvNumber: '106900001',
			addNum: '01',
			content: ' 退订 ',
			recvTime: '2026-12-02T09:15:00+08:00',
			raw,
		});
	});

	it('reads the older generations\' spellings and any key case', () => {
		expect(toReplyItem({ mobile: '13800138000', recvnum: '1069', content: 'TD', recvtime: '2026-12-02 09:15:00' }, false)).toEqual({
			phoneNumber: '13800138000',
			recvNumber: '1069',
			addNum: '',
			content: 'TD',
			recvTime: '2026-12-02T09:15:00+08:00',
		});
		expect(toReplyItem({ SendNum: '13800138000' }, false).phoneNumber).toBe('13800138000');
	});

	it('an unreadable time is null in the item and kept in raw', () => {
		const item = toReplyItem({ PhoneNumber: '1', RecvTime: 'yesterday' }, true);
		expect(item.recvTime).toBeNull();
		expect(item.raw).toMatchObject({ RecvTime: 'yesterday' });
	});

	it('replyKey tells replies apart by every field, and spots a repeat', () => {
		const reply = { PhoneNumber: '13800138000', RecvNumber: '1069', RecvTime: '2026-12-02 09:15:00', Content: 'TD' };
		expect(replyKey({ ...reply })).toBe(replyKey(reply));
		expect(replyKey({ ...reply, Content: 'td' })).not.toBe(replyKey(reply));
		expect(replyKey({ ...reply, RecvTime: '2026-12-02 09:15:01' })).not.toBe(replyKey(reply));
	});
});

const answer = (body: Record<string, unknown>, details: Record<string, unknown>[] = []): Answer => ({
	code: 0,
	message: '',
	details,
	body,
});

describe('account answers, read wherever the value sits', () => {
	it.each([
		[answer({ Code: '0', Balance: '1234' }), 1234],
		[answer({ code: 0, balance: 99 }), 99],
		[answer({ Code: '0' }, [{ Balance: '5' }]), 5],
		[answer({ Code: '0' }), null],
		[answer({ Code: '0', Balance: 'lots' }), null],
	])('balance of %j', (body, balance) => {
		expect(balanceOf(body)).toBe(balance);
	});

	it('signatures beside Code and in Details, each once', () => {
		expect(signaturesOf(answer({ Sign: '短信易' }))).toEqual(['短信易']);
		expect(signaturesOf(answer({ Code: '2' }, [{ SignName: 'A' }, { SignName: 'B' }, { Sign: 'A' }]))).toEqual(['A', 'B']);
		expect(signaturesOf(answer({ Code: '0' }))).toEqual([]);
	});

	it('the id of a new template', () => {
		expect(newTemplateIdOf(answer({ TemplateID: '10110' }))).toBe('10110');
		expect(newTemplateIdOf(answer({}, [{ templateid: 10111 }]))).toBe('10111');
		expect(newTemplateIdOf(answer({}))).toBeUndefined();
	});

	it('a template record', () => {
		const raw = {
			TemplateID: '10110',
			TemplateName: 'Code',
			TemplateType: '1',
			TemplateContent: '验证码{1}',
			Status: '1',
			Remark: 'login',
			CreateTime: '2026-12-01 08:00:00',
		};
		expect(toTemplateItem(raw)).toEqual({
			templateId: '10110',
			name: 'Code',
			type: 'notification',
			content: '验证码{1}',
			status: '1',
			remark: 'login',
			createTime: '2026-12-01T08:00:00+08:00',
			raw,
		});
		// Type by the name Create takes (Mobset may write the code as a number); an undocumented code as written.
		expect(toTemplateItem({ ...raw, TemplateType: 2 }).type).toBe('marketing');
		expect(toTemplateItem({ ...raw, TemplateType: '3' }).type).toBe('3');
		expect(toTemplateItem({ ...raw, TemplateType: undefined }).type).toBe('');
		expect(queriedTemplateOf(answer({ Code: '0' }, [raw]))).toBe(raw);
		expect(queriedTemplateOf(answer({ Code: '0', ...raw }))).toMatchObject(raw);
		expect(queriedTemplateOf(answer({ Code: '0' }))).toBeUndefined();
	});
});
