// Parameters and notices that more than one node shows.
import type { INodeProperties } from 'n8n-workflow';

import { UNCONFIRMED_LIMIT } from './handOff';
import { MAX_PARALLEL_REQUESTS, REQUEST_TIMEOUT_SECONDS } from './options';

export const ONE_SHOT_NOTICE: INodeProperties = {
	displayName:
		'Mobset hands out each delivery report only once. Reports fetched here are gone from Mobset: the Mobset SMS Reports node and trigger share one queue, so use one of them per Mobset account.',
	name: 'oneShotNotice',
	type: 'notice',
	default: '',
};

export const REPLIES_ONE_SHOT_NOTICE: INodeProperties = {
	displayName:
		'Mobset hands out each reply only once. Replies fetched here are gone from Mobset: the Mobset SMS node\'s Reply → Get Many and the Mobset SMS Replies Trigger share one queue, so use one of them per Mobset account.',
	name: 'repliesOneShotNotice',
	type: 'notice',
	default: '',
};

export const includeRawReplyOption: INodeProperties = {
	displayName: 'Include Raw Reply',
	name: 'includeRaw',
	type: 'boolean',
	default: true,
	description: 'Whether to add the reply exactly as Mobset sent it, under "raw"',
};

export const outcomeOption: INodeProperties = {
	displayName: 'Outcome',
	name: 'outcome',
	type: 'options',
	options: [
		{ name: 'All', value: 'all', description: 'Output every report' },
		{ name: 'Delivered Only', value: 'delivered', description: 'Only reports of messages received by the handset' },
		{ name: 'Failed Only', value: 'failed', description: 'Only reports of messages that definitely failed' },
		{
			name: 'Not Delivered',
			value: 'notDelivered',
			description: 'Everything except delivered: failed, still pending and unknown',
		},
	],
	default: 'all',
	description:
		'Which reports to output. The others are still taken from Mobset and then discarded, because Mobset cannot be asked for only some of them.',
};

export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw Report',
	name: 'includeRaw',
	type: 'boolean',
	default: true,
	description: 'Whether to add the report exactly as Mobset sent it, under "raw"',
};

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: REQUEST_TIMEOUT_SECONDS.min, maxValue: REQUEST_TIMEOUT_SECONDS.max },
	// n8n's lint wants a literal here; a test holds it equal to REQUEST_TIMEOUT_SECONDS.default.
	default: 30,
	description: 'How long to wait for each answer from Mobset before giving up',
};

/**
 * Opt-in, because nothing says how Mobset behaves when one account fetches reports concurrently;
 * the simulator hands out batches atomically, the real service may not. Worth it on a distant
 * network: n8n's HTTP helper opens a new connection (and TLS session) for every request, so each
 * call pays one or two extra round trips that calls in flight together pay at the same time.
 */
export const parallelRequestsOption: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'parallelRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS, numberPrecision: 0 },
	default: 1,
	description:
		'How many requests to Mobset may be on their way at once while a backlog is fetched, each taking its own batch of up to 50 reports. More than 1 fetches a large backlog several times faster over a slow network. Mobset does not document what happens when reports are fetched concurrently (a report could be handed out twice, or lost): keep 1 unless Mobset has confirmed it is safe. The limit is never exceeded because of this option.',
};

/** The triggers' choice of when an execution's items are handed over again (see handOff.ts). */
export const redeliverAfterOption: INodeProperties = {
	displayName: 'Redeliver After',
	name: 'redeliverAfter',
	type: 'options',
	options: [
		{
			name: 'Any Failed Execution',
			value: 'anyFailure',
			description:
				'Hand the items over again, marked "redelivered", when their execution failed for any reason: a node error in the workflow too',
		},
		{
			name: 'Lost Executions Only',
			value: 'lostExecution',
			description:
				'Hand them over again only when their execution never ran to an end (a worker killed, a node type missing, n8n restarted); a node error in the workflow keeps them in that failed execution',
		},
	],
	default: 'anyFailure',
	description: `The trigger keeps what it fetched (up to ${UNCONFIRMED_LIMIT.toLocaleString('en-US')} items, in the workflow's static data) until the execution carrying it has finished, because Mobset never hands it out again. This says which failures bring it back.`,
};
