import type { INodeProperties } from 'n8n-workflow';

import { PAGE_SIZE } from '../protocol/drain';
import {
	includeRawReplyOption,
	pagesHint,
	parallelRequestsOption,
	redeliverAfterOption,
	REPLIES_ONE_SHOT_NOTICE,
	liveTestRunNotice,
	requestTimeoutOption,
	TEST_RUN_BUTTONS,
} from '../shared/descriptions';
import { DEFAULT_MAX_PER_POLL, MAX_LIMIT } from '../shared/options';
import { SEEN_HISTORY_LIMIT } from '../shared/polling';

export const triggerProperties: INodeProperties[] = [
	REPLIES_ONE_SHOT_NOTICE,
	{
		// n8n's node panel names a trigger's events after this field's options.
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Reply Received', value: 'replyReceived', description: 'A customer replied to a message sent through this Mobset account' }],
		default: 'replyReceived',
	},
	{
		displayName: 'Max Replies per Poll',
		name: 'maxRepliesPerPoll',
		type: 'number',
		typeOptions: { minValue: PAGE_SIZE, maxValue: MAX_LIMIT },
		default: DEFAULT_MAX_PER_POLL,
		description:
			'The most replies one poll fetches; the rest wait on Mobset for the next poll',
		hint: pagesHint('reply', 'replies'),
	},
	{
		displayName: 'In Test Runs',
		name: 'testRunBehavior',
		type: 'options',
		options: [
			{
				name: 'Return a Sample Reply',
				value: 'sample',
				description: 'Fetch nothing from Mobset: check the credential, then output one sample item to build the rest of the workflow with',
			},
			{
				name: 'Fetch Live Replies',
				value: 'live',
				description: 'Take real replies from Mobset. They are then gone: the active workflow will never receive them.',
			},
		],
		default: 'sample',
		description: `What ${TEST_RUN_BUTTONS} do. Mobset hands out each reply only once.`,
	},
	liveTestRunNotice('replies'),
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
