import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { replyKey, toReplyItem } from '../protocol/replies';
import { pollAndHandOver } from '../shared/handOff';
import {
	readMaxPerPoll,
	readQueueOptions,
	readTestRunBehavior,
	type QueueOptions,
} from '../shared/options';
import { checkCredentialForSample, drainForPoll, skipSeen } from '../shared/polling';
import { fetchReplyPage, repeatedReplyPage } from '../shared/transport';
import { sampleReply } from './sampleReply';

export async function pollReplies(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = readQueueOptions(this);
	if (this.getMode() === 'manual' && readTestRunBehavior(this) === 'sample') {
		readMaxPerPoll(this, 'replies');
		await checkCredentialForSample(this, options.timeoutMs);
		return [[{ json: sampleReply(options.includeRaw) as IDataObject }]];
	}

	return await pollAndHandOver(this, { label: LABEL, noun: 'replies', maxPerPoll: readMaxPerPoll(this, 'replies') }, async (room) =>
		await fetchReplies(this, options, room),
	);
}

const LABEL = 'Mobset SMS Replies Trigger';

/** Up to `maxRecords` new replies, every one fetched handed over (they have left Mobset's queue). */
async function fetchReplies(context: IPollFunctions, options: QueueOptions, maxRecords: number): Promise<IDataObject[]> {
	const drained = await drainForPoll(
		context,
		{ trigger: LABEL, records: 'replies', fetchPage: fetchReplyPage, repeatedPage: repeatedReplyPage },
		maxRecords,
		options,
	);
	const records = options.skipSeen ? skipSeen(context.getWorkflowStaticData('node'), 'seenReplies', drained, replyKey) : drained;
	return records.map((raw) => toReplyItem(raw, options.includeRaw) as unknown as IDataObject);
}
