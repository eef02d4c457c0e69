import { toReplyItem, type ReplyItem } from '../protocol/replies';
import { formatBeijingTime } from '../protocol/signing';

/** A test run returns this instead of fetching, so building a workflow does not eat live replies. */
export function sampleReply(includeRaw: boolean): ReplyItem {
	const raw = {
		PhoneNumber: '13800138000',
		RecvNumber: '1069000000',
		AddNum: '',
		RecvTime: formatBeijingTime(new Date()),
		Content: '退订',
	};
	return {
		...toReplyItem(raw, includeRaw),
		sample: true,
		sampleNote:
			'Sample reply from a test run: the credential was checked, no reply was fetched from Mobset. Set "In Test Runs" to "Fetch Live Replies" to test with real replies.',
	};
}
