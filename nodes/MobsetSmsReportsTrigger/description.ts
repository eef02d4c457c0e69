import type { INodeProperties } from 'n8n-workflow';

import { PAGE_SIZE } from '../protocol/drain';
import {
	includeRawOption,
	ONE_SHOT_NOTICE,
	outcomeOption,
	pagesHint,
	parallelRequestsOption,
	liveTestRunNotice,
	redeliverAfterOption,
	requestTimeoutOption,
	TEST_RUN_BUTTONS,
} from '../shared/descriptions';
import { DEFAULT_MAX_PER_POLL, MAX_LIMIT } from '../shared/options';
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
	{
		displayName: 'Max Reports per Poll',
		name: 'maxReportsPerPoll',
		type: 'number',
		typeOptions: { minValue: PAGE_SIZE, maxValue: MAX_LIMIT },
		default: DEFAULT_MAX_PER_POLL,
		description:
			'The most reports one poll fetches; the rest wait on Mobset for the next poll',
		hint: pagesHint('report', 'reports'),
	},
	{
		displayName: 'In Test Runs',
		name: 'testRunBehavior',
		type: 'options',
		options: [
			{
				name: 'Return a Sample Report',
				value: 'sample',
				description: 'Fetch nothing from Mobset: check the credential, then output one sample item to build the rest of the workflow with',
			},
			{
				name: 'Fetch Live Reports',
				value: 'live',
				description: 'Take real reports from Mobset. They are then gone: the active workflow will never receive them.',
			},
		],
		default: 'sample',
		description: `What ${TEST_RUN_BUTTONS} do. Mobset hands out each report only once.`,
	},
	liveTestRunNotice('reports'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
