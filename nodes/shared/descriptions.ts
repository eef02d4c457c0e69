// Parameters and notices that more than one node shows.
import type { INodeProperties } from 'n8n-workflow';

import { PAGE_SIZE } from '../protocol/drain';
import { UNCONFIRMED_LIMIT } from './handOff';
import {
	CONFIRMATION_TIMEOUT_MINUTES,
	DEFAULT_MAX_PER_POLL,
	MAX_LIMIT,
	MAX_PARALLEL_REQUESTS,
	MAX_PER_POLL_FIELD,
	REQUEST_TIMEOUT_SECONDS,
} from './options';

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
		'How many requests may fetch a backlog at once. More is faster over a slow network, but Mobset does not document concurrent fetching: keep 1 unless Mobset confirms it is safe.',
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
				'Hand items over again, marked "redelivered", after any failure of their execution, a node error included',
		},
		{
			name: 'Lost Executions Only',
			value: 'lostExecution',
			description:
				'Only when their execution never ran to an end: a worker killed, a node type missing, n8n restarted',
		},
	],
	default: 'anyFailure',
	description: `What a poll fetched stays in the workflow's static data (up to ${UNCONFIRMED_LIMIT.toLocaleString('en-US')} items) until its execution finishes, since Mobset never hands it out again. Which failures bring it back.`,
};

/** How long the triggers wait to hear how an execution ended (see handOff.ts for why it can be never). */
export const confirmationTimeoutOption: INodeProperties = {
	displayName: 'Confirmation Timeout (Minutes)',
	name: 'confirmationTimeout',
	type: 'number',
	typeOptions: { minValue: CONFIRMATION_TIMEOUT_MINUTES.min, maxValue: CONFIRMATION_TIMEOUT_MINUTES.max, numberPrecision: 0 },
	// n8n's lint wants a literal here; a test holds it equal to CONFIRMATION_TIMEOUT_MINUTES.default.
	default: 60,
	description:
		"Items whose execution has not reported back within this time are handed over again, marked \"redelivered\". Keep it above the workflow's longest run. In queue mode n8n can miss the end of an execution that ends as soon as it starts (a worker without this package): its items come back after this time.",
};

/** The queue nodes' Return All says what it does only when it is on. */
export function returnAllNotice(noun: 'reports' | 'replies', show: NonNullable<INodeProperties['displayOptions']>['show']): INodeProperties {
	return {
		displayName: `Keeps fetching until Mobset has no ${noun} left`,
		name: 'returnAllNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, returnAll: [true] } },
	};
}

/**
 * What a Limit (or a per-poll maximum) means, given that Mobset hands out whole pages and every
 * record fetched is output: pages are fetched only while a full one still fits.
 */
export const pagesHint = (noun: 'report' | 'reply', plural: 'reports' | 'replies') =>
	`Mobset hands out ${plural} in pages of up to ${PAGE_SIZE} and cannot be asked for fewer, so a page is fetched only while a full one still fits under this number. Every ${noun} fetched is output.`;

/** The buttons that start a trigger's test run in n8n 2.x, as the "In Test Runs" tooltip names them. */
const TEST_RUN_BUTTONS = '"Fetch Test Event", "Execute step" and "Execute workflow"';

const capitalised = (word: string) => `${word[0].toUpperCase()}${word.slice(1)}`;

/**
 * The fields a queue's trigger shows between its event and its Options: how much one poll may
 * fetch, what a test run does, and the warning while test runs take live records.
 */
export function pollFields(noun: 'report' | 'reply', plural: 'reports' | 'replies'): INodeProperties[] {
	// n8n's lint reads an option only if its name is plain text or a property: with template names
	// it sees no options and refuses the default.
	const testRunOption = { sample: `Return a Sample ${capitalised(noun)}`, live: `Fetch Live ${capitalised(plural)}` };
	return [
		{
			displayName: MAX_PER_POLL_FIELD[plural].displayName,
			name: MAX_PER_POLL_FIELD[plural].name,
			type: 'number',
			typeOptions: { minValue: PAGE_SIZE, maxValue: MAX_LIMIT },
			default: DEFAULT_MAX_PER_POLL,
			description: `The most ${plural} one poll fetches; the rest wait on Mobset for the next poll`,
			hint: pagesHint(noun, plural),
		},
		{
			displayName: 'In Test Runs',
			name: 'testRunBehavior',
			type: 'options',
			options: [
				{
					name: testRunOption.sample,
					value: 'sample',
					description: 'Fetch nothing from Mobset: check the credential, then output one sample item to build the rest of the workflow with',
				},
				{
					name: testRunOption.live,
					value: 'live',
					description: `Take real ${plural} from Mobset. They are then gone: the active workflow will never receive them.`,
				},
			],
			default: 'sample',
			description: `What ${TEST_RUN_BUTTONS} do. Mobset hands out each ${noun} only once.`,
		},
		{
			displayName: `Test runs take real ${plural} from Mobset. Each is then gone: the active workflow will never receive it.`,
			name: 'liveTestRunNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { testRunBehavior: ['live'] } },
		},
	];
}
