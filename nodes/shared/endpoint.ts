import { UserError } from 'n8n-workflow';

export type Transport = 'https' | 'http';

/** Mobset routes each enterprise to one platform by its CorpID; calling another platform fails auth. */
const PLATFORM_HOSTS: Array<{ from: number; to: number; host: string }> = [
	{ from: 100000, to: 199999, host: 'sms.mobset.com' },
	{ from: 200000, to: 299999, host: 'sms2.mobset.com' },
	{ from: 300000, to: 399999, host: 'sms3.mobset.com' },
];

const PORTS: Record<Transport, number> = { https: 843, http: 8095 };

export function validateCorpId(corpId: string): string {
	const trimmed = corpId.trim();
	if (!/^\d{6}$/.test(trimmed)) {
		throw new UserError(
			`Mobset CorpID "${trimmed}" is not valid: it must be the six-digit enterprise ID Mobset gave you (for example 100000). Fix it in the Mobset API credential.`,
		);
	}
	return trimmed;
}

/**
 * The SDK3 URL for an account: the credential's Base URL when given, otherwise the official
 * platform host for the CorpID's range.
 */
export function resolveEndpoint(corpId: string, transport: Transport, baseUrl = ''): string {
	const override = baseUrl.trim();
	if (override) {
		const parsed = URL.canParse(override) ? new URL(override) : undefined;
		if (!parsed) {
			throw new UserError(
				`Mobset Base URL "${override}" is not a URL. Enter a full address such as https://sms.mobset.com:843/SDK3/Sms, or leave it empty to use the official endpoint for your CorpID.`,
			);
		}
		if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
			throw new UserError(
				`Mobset Base URL "${override}" must start with https:// or http://.`,
			);
		}
		return override;
	}
	const id = Number(validateCorpId(corpId));
	const platform = PLATFORM_HOSTS.find(({ from, to }) => id >= from && id <= to);
	if (!platform) {
		throw new UserError(
			`Mobset CorpID ${id} is outside the known platform ranges (100000–399999), so the endpoint cannot be chosen automatically. Enter the Base URL Mobset gave you in the Mobset API credential.`,
		);
	}
	return `${transport}://${platform.host}:${PORTS[transport]}/SDK3/Sms`;
}
