// Where an account's requests go. Mobset routes each enterprise to one platform by its CorpID;
// calling another platform's host fails authentication.

export type Transport = 'https' | 'http';

/** A checked value, or what is wrong with it in words a user can act on. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const PLATFORM_HOSTS: Array<{ from: number; to: number; host: string }> = [
	{ from: 100000, to: 199999, host: 'sms.mobset.com' },
	{ from: 200000, to: 299999, host: 'sms2.mobset.com' },
	{ from: 300000, to: 399999, host: 'sms3.mobset.com' },
];

export const PORTS: Record<Transport, number> = { https: 843, http: 8095 };

/** The path of every SDK3 call; Mobset matches it without regard to case. */
export const SDK3_PATH = '/SDK3/Sms';

export function checkCorpId(corpId: string): Checked<string> {
	const trimmed = corpId.trim();
	if (!/^\d{6}$/.test(trimmed)) {
		return {
			ok: false,
			problem: `Mobset CorpID "${trimmed}" is not valid: it must be the six-digit enterprise ID Mobset gave you (for example 100000). Fix it in the Mobset API credential.`,
		};
	}
	return { ok: true, value: trimmed };
}

/**
 * The SDK3 URL for an account: the Base URL when the credential names one (Endpoint: Custom URL),
 * otherwise the official platform host for the CorpID's range.
 */
export function resolveEndpoint(corpId: string, transport: Transport, baseUrl = ''): Checked<string> {
	const override = baseUrl.trim();
	if (override) {
		const parsed = URL.canParse(override) ? new URL(override) : undefined;
		// WHATWG URL parsing repairs `http:/host` and `http:host` into `http://host/`: a Base URL
		// typed that way is a typo to point out, not a guess to make for the user.
		const repaired = parsed && /^https?:$/.test(parsed.protocol) && !/^https?:\/\/[^/]/i.test(override);
		if (!parsed || repaired) {
			return {
				ok: false,
				problem: `Mobset Base URL "${override}" is not a URL. Enter a full address such as https://sms.mobset.com:843${SDK3_PATH}, or set Endpoint to Official in the Mobset API credential.`,
			};
		}
		if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
			return { ok: false, problem: `Mobset Base URL "${override}" must start with https:// or http://.` };
		}
		return { ok: true, value: override };
	}
	const checked = checkCorpId(corpId);
	if (!checked.ok) return checked;
	const id = Number(checked.value);
	const platform = PLATFORM_HOSTS.find(({ from, to }) => id >= from && id <= to);
	if (!platform) {
		return {
			ok: false,
			problem: `Mobset CorpID "${checked.value}" is outside the known platform ranges (100000–399999), so the endpoint cannot be chosen automatically. Set Endpoint to Custom URL in the Mobset API credential and enter the Base URL Mobset gave you.`,
		};
	}
	return { ok: true, value: `${transport}://${platform.host}:${PORTS[transport]}${SDK3_PATH}` };
}
