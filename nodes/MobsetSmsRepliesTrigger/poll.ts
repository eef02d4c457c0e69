import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { drainPages } from '../protocol/drain';
import { replyKey, toReplyItem } from '../protocol/replies';
import { pollAndHandOver } from '../shared/handOff';
import {
	readMaxRepliesPerPoll,
	readQueueOptions,
	readTestRunBehavior,
	type QueueOptions,
} from '../shared/options';
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

	return await pollAndHandOver(this, { label: LABEL, noun: 'replies', maxPerPoll: readMaxRepliesPerPoll(this) }, async (room) =>
		await fetchReplies(this, options, room),
	);
}

const LABEL = 'Mobset SMS Replies Trigger';

/** Up to `maxRecords` new replies, every one fetched handed over (they have left Mobset's queue). */
async function fetchReplies(context: IPollFunctions, options: QueueOptions, maxRecords: number): Promise<IDataObject[]> {
	const credential = await readCredential(context);
	const drained = await drainPages({
		maxRecords,
		fetchPage: async () => await fetchReplyPage(context, { credential, timeoutMs: options.timeoutMs }),
		budgetLeftMs: pollBudget(context),
		parallel: options.parallel,
		repeatedPage: repeatedReplyPage(context),
	});
	if (drained.error) {
		if (drained.records.length === 0) throw drained.error;
		context.logger.error(
			`${LABEL}: a request failed after ${drained.records.length} replies were fetched; they are handed over and the next poll starts again. ${drained.error.message}`,
		);
	}
	const records = options.skipSeen
		? skipSeen(context.getWorkflowStaticData('node'), 'seenReplies', drained.records, replyKey)
		: drained.records;
	return records.map((raw) => toReplyItem(raw, options.includeRaw) as unknown as IDataObject);
}
