import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { drainPages, PAGE_SIZE } from '../../../protocol/drain';
import { toReplyItem } from '../../../protocol/replies';
import {
	includeRawReplyOption,
	pagesHint,
	parallelRequestsOption,
	REPLIES_ONE_SHOT_NOTICE,
	requestTimeoutOption,
	returnAllNotice,
} from '../../../shared/descriptions';
import { MAX_LIMIT, readLimit, readQueueOptions } from '../../../shared/options';
import { fetchReplyPage, readCredential, repeatedReplyPage } from '../../../shared/transport';

const showOnlyForReplyGetMany = { show: { resource: ['reply'], operation: ['getMany'] } };

export const description: INodeProperties[] = [
	{ ...REPLIES_ONE_SHOT_NOTICE, displayOptions: showOnlyForReplyGetMany },
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: showOnlyForReplyGetMany,
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	returnAllNotice('replies', showOnlyForReplyGetMany.show),
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showOnlyForReplyGetMany.show, returnAll: [false] } },
		typeOptions: { minValue: PAGE_SIZE, maxValue: MAX_LIMIT },
		default: 50,
		description: 'Max number of results to return',
		hint: pagesHint('reply', 'replies'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showOnlyForReplyGetMany,
		default: {},
		options: [includeRawReplyOption, parallelRequestsOption, requestTimeoutOption],
	},
];

/**
 * Reply → Get Many (SmsGetRecv). Runs once per execution, whatever the number of input items: the
 * queue is the account's, so a second pass would only take replies meant for a later run.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const maxRecords = readLimit(this, 'replies');
	const options = readQueueOptions(this);
	const credential = await readCredential(this);

	const drained = await drainPages({
		maxRecords,
		fetchPage: async () => await fetchReplyPage(this, { credential, timeoutMs: options.timeoutMs }),
		parallel: options.parallel,
		repeatedPage: repeatedReplyPage(this),
	});

	if (drained.error && drained.records.length === 0) {
		if (!this.continueOnFail()) throw drained.error;
		return [[{ json: { error: drained.error.message }, pairedItem: { item: 0 } }]];
	}
	if (drained.error) {
		// Throwing now would discard replies Mobset will never hand out again.
		const fetched = drained.records.length;
		this.addExecutionHints({
			message: `A request to Mobset failed after ${fetched} ${fetched === 1 ? 'reply was' : 'replies were'} fetched: ${drained.error.message} Every reply fetched is in the output; any still on Mobset wait for the next run.`,
			type: 'warning',
			location: 'outputPane',
		});
		this.logger.warn(`Mobset SMS: ${drained.error.message}`, { fetched });
	}
	return [drained.records.map((raw) => ({ json: toReplyItem(raw, options.includeRaw) as IDataObject, pairedItem: { item: 0 } }))];
}
