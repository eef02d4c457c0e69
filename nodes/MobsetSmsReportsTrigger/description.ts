import type { INodeProperties } from 'n8n-workflow';

import {
	confirmationTimeoutOption,
	includeRawOption,
	ONE_SHOT_NOTICE,
	outcomeOption,
	parallelRequestsOption,
	pollFields,
	redeliverAfterOption,
	requestTimeoutOption,
} from '../shared/descriptions';
import { SEEN_HISTORY_LIMIT } from './seenReports';

export const triggerProperties: INodeProperties[] = [
	ONE_SHOT_NOTICE,
	{
		// n8n's node panel names a trigger's events after this field's options.
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Delivery Report Received', value: 'reportReceived', description: 'A delivery report for a message sent through this Mobset account' }],
		default: 'reportReceived',
	},
	...pollFields('report', 'reports'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			confirmationTimeoutOption,
			includeRawOption,
			outcomeOption,
			parallelRequestsOption,
			redeliverAfterOption,
			requestTimeoutOption,
			{
				displayName: 'Skip Reports Already Seen',
				name: 'skipSeen',
				type: 'boolean',
				default: false,
				description:
					`Whether to drop a report whose SMS ID and status code this trigger already output, in case Mobset repeats one. Remembers the last ${SEEN_HISTORY_LIMIT.toLocaleString('en-US')} reports.`,
			},
		],
	},
];
