import type { INodeProperties } from 'n8n-workflow';

import {
	includeRawReplyOption,
	parallelRequestsOption,
	redeliverAfterOption,
	REPLIES_ONE_SHOT_NOTICE,
	requestTimeoutOption,
} from '../shared/descriptions';
import { DEFAULT_MAX_REPLIES_PER_POLL, MAX_LIMIT } from '../shared/options';
import { SEEN_HISTORY_LIMIT } from '../shared/polling';

export const triggerProperties: INodeProperties[] = [
	REPLIES_ONE_SHOT_NOTICE,
	{
		displayName: 'Max Replies per Poll',
		name: 'maxRepliesPerPoll',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: DEFAULT_MAX_REPLIES_PER_POLL,
		description:
			'The most replies one poll fetches; the rest wait on Mobset for the next poll. Mobset hands out batches of up to 50, so a poll stops before a batch that could go past this number.',
	},
	{
		displayName: 'In Test Runs',
		name: 'testRunBehavior',
		type: 'options',
		options: [
			{
				name: 'Return a Sample Reply',
				value: 'sample',
				description: 'Fetch nothing from Mobset: output one sample item so you can build the rest of the workflow',
			},
			{
				name: 'Fetch Live Replies',
				value: 'live',
				description: 'Take real replies from Mobset. They are then gone: the active workflow will never receive them.',
			},
		],
		default: 'sample',
		description:
			'What the "Test step" and "Test workflow" buttons do. Mobset hands out each reply only once, so a live test run takes replies away from the active workflow.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			includeRawReplyOption,
			parallelRequestsOption,
			redeliverAfterOption,
			requestTimeoutOption,
			{
				displayName: 'Skip Replies Already Seen',
				name: 'skipSeen',
				type: 'boolean',
				default: false,
				description: `Whether to drop a reply identical to one this trigger already output (same number, time and text), in case Mobset repeats one. Remembers the last ${SEEN_HISTORY_LIMIT.toLocaleString('en-US')} replies.`,
			},
		],
	},
];
