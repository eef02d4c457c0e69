/**
 * Result codes and messages.
 *
 * PROVISIONAL: the SDK3 error-code table (错误代码汇总表) has not been found. The negative codes
 * below follow the legacy Sms_Send.asp table where one fits (-1 incomplete, -2 account/password,
 * -3 bad number, -4 balance) and are otherwise invented (-10 and below, -98, -99). Tests that
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
	paramTooLong: { code: -13, message: '模板参数超过30个字' },
	tooManyParams: { code: -14, message: '模板参数超过9个' },
	unknownTemplate: { code: -15, message: '模板不存在' },
	templateNotApproved: { code: -16, message: '模板未审核通过' },
	templateTooLong: { code: -17, message: '模板内容超过500个字' },
	badPlaceholder: { code: -18, message: '模板变量格式错误,只支持{1}到{9}' },
	badTimer: { code: -19, message: '定时时间格式错误,应为YYYY-MM-DD HH:MM:SS' },
	badTemplateType: { code: -20, message: '模板类型错误,应为1或2' },
	notSimulated: { code: -98, message: '模拟器未实现该方法' },
	unknownMethod: { code: -99, message: '未知的请求方法' },
} as const;

export const MESSAGES = {
	SmsGetReport: '取短信状态报告成功',
	SmsGetRecv: '取上行短信成功',
	SmsSend: '短信提交成功',
	TemplateSendSms: '模板短信提交成功',
	SmsGetBalance: '取账号余额成功',
	SmsGetSign: '取签名成功',
	TemplateAdd: '模板提交成功',
	TemplateQuery: '查询模板成功',
	TemplateList: '取模板列表成功',
} as const;

export interface Failure {
	code: number;
	message: string;
}
