import type { INodeProperties } from 'n8n-workflow';

import {
	includeRawOption,
	ONE_SHOT_NOTICE,
	outcomeOption,
	parallelRequestsOption,
	redeliverAfterOption,
	requestTimeoutOption,
} from '../shared/descriptions';
import { DEFAULT_MAX_REPORTS_PER_POLL, MAX_LIMIT } from '../shared/options';
import { SEEN_HISTORY_LIMIT } from './seenReports';

export const triggerProperties: INodeProperties[] = [
	ONE_SHOT_NOTICE,
	{
		displayName: 'Max Reports per Poll',
		name: 'maxReportsPerPoll',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: DEFAULT_MAX_REPORTS_PER_POLL,
		description:
			'The most reports one poll fetches; the rest wait on Mobset for the next poll. Mobset sends batches of up to 50, so a poll stops before a batch that could go past this number.',
	},
	{
		displayName: 'In Test Runs',
		name: 'testRunBehavior',
		type: 'options',
		options: [
			{
				name: 'Return a Sample Report',
				value: 'sample',
				description: 'Fetch nothing from Mobset: output one sample item so you can build the rest of the workflow',
			},
			{
				name: 'Fetch Live Reports',
				value: 'live',
				description:
					'Take real reports from Mobset. They are then gone: the active workflow will never receive them.',
			},
		],
		default: 'sample',
		description:
			'What the "Test step" and "Test workflow" buttons do. Mobset hands out each report only once, so a live test run takes reports away from the active workflow.',
	},
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
