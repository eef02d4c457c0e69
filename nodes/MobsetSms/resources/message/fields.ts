// Parameters both send operations show.
import type { INodeProperties } from 'n8n-workflow';

import { REQUEST_TIMEOUT_SECONDS } from '../../../shared/options';
import { RETRY_WARNING } from '../../../shared/sending';
import { MAX_NUMBERS_PER_CALL } from '../../../protocol/sending';

export const sendNotice = (operation: string): INodeProperties => ({
	displayName: `Each message is sent once and never repeated: if Mobset's answer is lost, the node fails naming the numbers whose outcome is unknown rather than risk sending twice. ${RETRY_WARNING}`,
	name: 'sendNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { resource: ['message'], operation: [operation] } },
});

export const phoneNumbersField = (operation: string): INodeProperties => ({
	displayName: 'Phone Numbers',
	name: 'phoneNumbers',
	type: 'string',
	required: true,
	default: '',
	placeholder: '13800138000, 13900139000',
	description: 'Mainland China mobile numbers to send to, separated by commas, semicolons, spaces or new lines (+86 and dashes are fine). Usually an expression reading the phone field of the item.',
	hint: `Items with the same message share calls of up to ${MAX_NUMBERS_PER_CALL} numbers. One output item per number, paired to its input item.`,
	displayOptions: { show: { resource: ['message'], operation: [operation] } },
});

export const sendAtOption: INodeProperties = {
	displayName: 'Send At',
	name: 'sendAt',
	type: 'dateTime',
	default: '',
	description:
		'When Mobset should send the message (it is accepted now and released then). A time without an offset is read in the workflow\'s time zone and converted to Beijing time. Leave empty to send now.',
};

export const includeRawSendOption: INodeProperties = {
	displayName: 'Include Raw Answer',
	name: 'includeRaw',
	type: 'boolean',
	default: true,
	description: 'Whether to add Mobset\'s answer for each number exactly as it was sent, under "raw"',
};

export const combineIdenticalOption: INodeProperties = {
	displayName: 'Combine Identical Messages',
	name: 'combineIdentical',
	type: 'boolean',
	default: true,
	description: `Whether items with the same message and settings share calls of up to ${MAX_NUMBERS_PER_CALL} numbers (10,000 customers cost 200 calls). Turn off to give every item calls of its own.`,
};

export const sendTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: REQUEST_TIMEOUT_SECONDS.min, maxValue: REQUEST_TIMEOUT_SECONDS.max },
	// n8n's lint wants a literal here; a test holds it equal to SEND_TIMEOUT_SECONDS_DEFAULT.
	default: 60,
	description: 'How long to wait for Mobset\'s answer to each call. After a time-out the numbers of that call are reported as unknown (the message may have gone out) and are not sent again.',
};
