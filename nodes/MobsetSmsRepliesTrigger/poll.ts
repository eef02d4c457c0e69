import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { drainPages } from '../protocol/drain';
import { replyKey, toReplyItem, type ReplyItem } from '../protocol/replies';
import { readMaxRepliesPerPoll, readQueueOptions, readTestRunBehavior } from '../shared/options';
import { checkCredentialForSample, pollBudget, skipSeen } from '../shared/polling';
import { fetchReplyPage, readCredential, repeatedReplyPage } from '../shared/transport';
import { sampleReply } from './sampleReply';

export async function pollReplies(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = readQueueOptions(this);

	if (this.getMode() === 'manual' && readTestRunBehavior(this) === 'sample') {
		readMaxRepliesPerPoll(this);
		await checkCredentialForSample(this, options.timeoutMs);
		return [[{ json: sampleReply(options.includeRaw) as IDataObject }]];
	}

	/** Up to `room` new replies, every one fetched handed over (they have left Mobset's queue). */
	const fetchReplies = async (room: number): Promise<ReplyItem[]> => {
		const credential = await readCredential(this);
		const drained = await drainPages({
			maxRecords: room,
			fetchPage: async () => await fetchReplyPage(this, { credential, timeoutMs: options.timeoutMs }),
			budgetLeftMs: pollBudget(this),
			parallel: options.parallel,
			repeatedPage: repeatedReplyPage(this),
		});
		if (drained.error) {
			if (drained.records.length === 0) throw drained.error;
			this.logger.error(
				`Mobset SMS Replies Trigger: a request failed after ${drained.records.length} replies were fetched; they are handed over and the next poll starts again. ${drained.error.message}`,
			);
		}
		const records = options.skipSeen
			? skipSeen(this.getWorkflowStaticData('node'), 'seenReplies', drained.records, replyKey)
			: drained.records;
		return records.map((raw) => toReplyItem(raw, options.includeRaw));
	};

	const items = await fetchReplies(readMaxRepliesPerPoll(this));
	if (items.length === 0) return null;
	return [items.map((json) => ({ json: json as IDataObject }))];
}
