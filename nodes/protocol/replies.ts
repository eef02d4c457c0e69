// Inbound replies (SmsGetRecv, 上行): one Mobset record in, one item of the public contract out.
import { createHash } from 'crypto';

import { fieldOf, type MobsetRecord } from './answer';
import { asText } from './reports';
import { beijingTimeToIso } from './signing';

/** The public item for one reply. Its field names are a contract that workflows rely on. */
export interface ReplyItem {
	/** The mobile number that sent the reply. */
	phoneNumber: string;
	/** The number it was sent to (the account's service number). */
	recvNumber: string;
	/** Extension digits of the number it was sent to, if any. */
	addNum: string;
	content: string;
	/** ISO 8601 with +08:00; `null` when Mobset's time could not be read (it is still in `raw`). */
	recvTime: string | null;
	raw?: MobsetRecord;
	[extra: string]: unknown;
}

/** The first field present under any of its spellings: SDK3's, then the SOAP and `.asp` generations'. */
function firstText(record: MobsetRecord, names: string[]): string {
	for (const name of names) {
		const value = fieldOf(record, name);
		if (value !== undefined && value !== null) return asText(value);
	}
	return '';
}

export function toReplyItem(raw: MobsetRecord, includeRaw: boolean): ReplyItem {
	const item: ReplyItem = {
		phoneNumber: firstText(raw, ['PhoneNumber', 'Mobile', 'SendNum']),
		recvNumber: firstText(raw, ['RecvNumber', 'RecvNum']),
		addNum: firstText(raw, ['AddNum']),
		// The reply's own text is kept as sent: spaces can matter to a keyword match.
		content: typeof fieldOf(raw, 'Content') === 'string' ? (fieldOf(raw, 'Content') as string) : asText(fieldOf(raw, 'Content')),
		recvTime: beijingTimeToIso(fieldOf(raw, 'RecvTime')),
	};
	if (includeRaw) item.raw = raw;
	return item;
}

/**
 * A short fingerprint of a reply as Mobset sent it, to recognise one it hands out again. Replies
 * carry no id, so every field counts, the time as written (it may not parse).
 */
export function replyKey(raw: MobsetRecord): string {
	const item = toReplyItem(raw, false);
	const time = asText(fieldOf(raw, 'RecvTime'));
	return createHash('sha1')
		.update(JSON.stringify([item.phoneNumber, item.recvNumber, item.addNum, time, item.content]))
		.digest('base64')
		.slice(0, 16);
}
