/**
 * What a negative Mobset `Code` means and what the user should do. The SDK3 error table is not
 * published; these follow the older Mobset APIs and the simulator, so the service's own `Message`
 * is always shown beside them.
 */
const CLOCK_HINT =
	'the request time stamp was rejected: Mobset accepts requests only within 20 minutes of Beijing time, so check that this n8n server\'s clock is correct';

const KNOWN_CODES: Record<number, string> = {
	[-1]: 'a required field is missing from the request',
	[-2]:
		'the CorpID, Login Name or password is wrong, or this server\'s IP address is not allowed for the account. Check the Mobset API credential',
	[-3]: 'a phone number is not valid',
	[-4]: 'the enterprise account has no SMS balance left',
	[-5]: 'the user account has no SMS balance left',
	[-6]: 'a required field is missing from the request',
	[-7]: 'Mobset could not reach its own database; try again later',
	[-8]: 'the enterprise account is disabled; contact Mobset',
	[-9]: 'the content contains a filtered keyword',
	[-12]: CLOCK_HINT,
};

const GENERIC_HINT =
	'check the CorpID, Login Name and password in the Mobset API credential, and that this n8n server\'s clock is correct to within 20 minutes';

/** Recognises what the Chinese `Message` says when the code itself is not one we know. */
function hintFromMessage(message: string): string | undefined {
	if (/时间|TimeStamp|时间戳/i.test(message)) return CLOCK_HINT;
	if (/密码|账号|帐号|用户|登录|SecretKey|IP/i.test(message)) return KNOWN_CODES[-2];
	return undefined;
}

export function describeServiceError(code: number, message: string): string {
	const meaning = KNOWN_CODES[code] ?? hintFromMessage(message) ?? GENERIC_HINT;
	const quoted = message ? ` ("${message}")` : '';
	return `Mobset refused the request with Code ${code}${quoted}: ${meaning}.`;
}

export function isKnownServiceErrorCode(code: number): boolean {
	return code in KNOWN_CODES;
}
