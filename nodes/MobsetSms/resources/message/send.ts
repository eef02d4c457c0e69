import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { beijingTimeToIso } from '../../../protocol/signing';
import { readSmsMessage } from '../../../shared/options';
import { sendItems } from '../../../shared/sending';
import { sendSms } from '../../../shared/transport';
import {
	combineIdenticalOption,
	includeRawSendOption,
	phoneNumbersField,
	sendAtOption,
	sendNotice,
	sendTimeoutOption,
} from './fields';

const showOnlyForSend = { show: { resource: ['message'], operation: ['send'] } };

export const description: INodeProperties[] = [
	sendNotice('send'),
	phoneNumbersField('send'),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description:
			'The text, at most 900 characters. Up to 70 characters is one SMS; longer texts are charged per 67 characters. Mobset adds the account\'s signature.',
		displayOptions: showOnlyForSend,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showOnlyForSend,
		options: [
			combineIdenticalOption,
			includeRawSendOption,
			{
				displayName: 'Long SMS',
				name: 'longSms',
				type: 'boolean',
				default: true,
				description:
					'Whether a text over 70 characters goes out as one long message with one signature. When off, every 70-character part is a separate SMS with its own signature (some old handsets cannot show long SMS).',
			},
			sendTimeoutOption,
			sendAtOption,
		],
	},
];

/** Message → Send (SmsSend): every number of every item, in as few calls as the text allows. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await sendItems(
		this,
		(item) => {
			const message = readSmsMessage(this, item);
			return {
				item,
				numbers: message.numbers,
				fields: {
					Content: message.content,
					LongSms: message.longSms ? ('1' as const) : ('0' as const),
					...(message.timer ? { TimerSend: message.timer } : {}),
				},
				extras: { segments: message.segments, scheduledAt: message.timer ? beijingTimeToIso(message.timer) : null },
			};
		},
		async (fields, numbers, settings) => await sendSms(this, { PhoneNumbers: numbers.join(','), ...fields }, settings),
	);
}
