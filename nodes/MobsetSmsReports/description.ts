import type { INodeOutputConfiguration, INodeProperties } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { PAGE_SIZE } from '../protocol/drain';
import { OUTCOME_OUTPUT_NAMES } from '../protocol/reports';
import {
	includeRawOption,
	ONE_SHOT_NOTICE,
	outcomeOption,
	pagesHint,
	parallelRequestsOption,
	requestTimeoutOption,
	returnAllNotice,
} from '../shared/descriptions';
import { MAX_LIMIT } from '../shared/options';

const OUTCOME_OUTPUTS: INodeOutputConfiguration[] = OUTCOME_OUTPUT_NAMES.map((displayName) => ({
	type: NodeConnectionTypes.Main,
	displayName,
}));

/** n8n evaluates this in the editor to draw one output, or three when split by outcome. */
export const outputsExpression =
	`={{ $parameter.splitByOutcome ? ${JSON.stringify(OUTCOME_OUTPUTS)} : ["${NodeConnectionTypes.Main}"] }}` as `={{${string}}}`;

const showOnlyForGetMany = { show: { operation: ['getMany'] } };

/** The most one run can return: never less than one page (see the Limit's hint). */
export const subtitle = `={{ $parameter.returnAll ? "Get all delivery reports" : "Get up to " + Math.max(${PAGE_SIZE}, $parameter.limit) + " delivery reports" }}`;

export const reportProperties: INodeProperties[] = [
	ONE_SHOT_NOTICE,
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many delivery reports',
				description: 'Fetch the delivery reports Mobset has collected since the last fetch',
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: showOnlyForGetMany,
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	returnAllNotice('reports', showOnlyForGetMany.show),
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showOnlyForGetMany.show, returnAll: [false] } },
		// Below one page the limit could not hold: the first call brings up to a page whatever is asked.
		typeOptions: { minValue: PAGE_SIZE, maxValue: MAX_LIMIT },
		// n8n's lint wants the literal 50 here; a test holds it equal to DEFAULT_LIMIT.
		default: 50,
		description: 'Max number of results to return',
		hint: pagesHint('report', 'reports'),
	},
	{
		displayName: 'Split Output by Outcome',
		name: 'splitByOutcome',
		type: 'boolean',
		displayOptions: showOnlyForGetMany,
		default: false,
		description:
			'Whether to send reports to three outputs: Delivered, Failed, and Other (still pending or unknown), so failures can go straight to an alert',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showOnlyForGetMany,
		default: {},
		options: [includeRawOption, outcomeOption, parallelRequestsOption, requestTimeoutOption],
	},
];
