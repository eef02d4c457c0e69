/**
 * Result codes and messages.
 *
 * PROVISIONAL: the SDK3 error-code table (错误代码汇总表) has not been found. The negative codes
 * below follow the legacy Sms_Send.asp table where one fits (-1 incomplete, -2 account/password,
 * -3 bad number, -4 balance) and are otherwise invented (-10, -11, -12, -98, -99). Tests that
 * pin them are pinning the simulator, not the real service. Success messages: only
 * 取短信状态报告成功 is from the provider's page; the others are modelled on it.
 */
export const CODES = {
	missingField: { code: -1, message: '参数不完整' },
	badAccount: { code: -2, message: '账号或密码错误' },
	badPhoneNumber: { code: -3, message: '手机号码错误' },
	noBalance: { code: -4, message: '余额不足' },
	tooManyNumbers: { code: -10, message: '手机号码超过50个' },
	contentTooLong: { code: -11, message: '短信内容超过900个字' },
	badTimeStamp: { code: -12, message: '时间戳错误,与服务器时间相差超过20分钟' },
	notSimulated: { code: -98, message: '模拟器未实现该方法' },
	unknownMethod: { code: -99, message: '未知的请求方法' },
} as const;

export const MESSAGES = {
	SmsGetReport: '取短信状态报告成功',
	SmsGetRecv: '取上行短信成功',
	SmsSend: '短信提交成功',
	SmsGetBalance: '取账号余额成功',
} as const;

export interface Failure {
	code: number;
	message: string;
}
