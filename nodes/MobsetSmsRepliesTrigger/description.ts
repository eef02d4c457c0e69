import type { INodeProperties } from 'n8n-workflow';

import {
	confirmationTimeoutOption,
	includeRawReplyOption,
	parallelRequestsOption,
	pollFields,
	redeliverAfterOption,
	REPLIES_ONE_SHOT_NOTICE,
	requestTimeoutOption,
} from '../shared/descriptions';
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
	...pollFields('reply', 'replies'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			confirmationTimeoutOption,
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
