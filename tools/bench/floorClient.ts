// The floor: the least any client can do to drain the queue. One keep-alive connection (undici),
// a fresh signature per call, JSON.parse, keep the reports; no item mapping, no engine. Whatever
// the node costs above this is the price of n8n's HTTP helper, its engine and the item contract.
import { Client } from 'undici';

import { PAGE_SIZE } from '../../nodes/protocol/drain';
import { beijingTimestamp, secretKey } from '../../nodes/protocol/signing';

export interface FloorResult {
	reports: Array<Record<string, unknown>>;
	calls: number;
}

export async function floorDrain(
	url: string,
	account: { corpId: string; loginName: string; password: string },
): Promise<FloorResult> {
	const target = new URL(url);
	const client = new Client(target.origin, {
		pipelining: 1,
		keepAliveTimeout: 60_000,
		// The simulator's certificate is a throw-away self-signed one (the node's "Ignore SSL Issues").
		connect: target.protocol === 'https:' ? { rejectUnauthorized: false } : undefined,
	});
	const reports: Array<Record<string, unknown>> = [];
	let calls = 0;
	try {
		for (;;) {
			const timeStamp = beijingTimestamp();
			const body = new URLSearchParams({
				CorpID: account.corpId,
				LoginName: account.loginName,
				TimeStamp: timeStamp,
				SecretKey: secretKey(account.corpId, account.password, timeStamp),
				Methods: 'SmsGetReport',
			}).toString();
			const response = await client.request({
				path: target.pathname,
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body,
			});
			const text = await response.body.text();
			calls++;
			const parsed = JSON.parse(text) as { Code?: string; Details?: Array<Record<string, unknown>> };
			if (response.statusCode !== 200 || Number(parsed.Code) < 0) {
				throw new Error(`floor client: HTTP ${response.statusCode}, ${text.slice(0, 200)}`);
			}
			const page = Array.isArray(parsed.Details) ? parsed.Details : [];
			for (const report of page) reports.push(report);
			if (page.length < PAGE_SIZE) break;
		}
	} finally {
		await client.close();
	}
	return { reports, calls };
}
