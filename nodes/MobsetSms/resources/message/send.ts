import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { beijingTimeToIso } from '../../../protocol/signing';
import { readSendSettings, readSmsMessage } from '../../../shared/options';
import { runSends } from '../../../shared/sending';
import { readCredential, sendSms } from '../../../shared/transport';
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
	const settings = readSendSettings(this);
	const messages = this.getInputData().map((_, item) => readSmsMessage(this, item));
	const credential = await readCredential(this);
	const fieldsOf = new Map<string, { Content: string; LongSms: '0' | '1'; TimerSend?: string }>();

	const sends = messages.map((message) => {
		const fields = {
			Content: message.content,
			LongSms: message.longSms ? ('1' as const) : ('0' as const),
			...(message.timer ? { TimerSend: message.timer } : {}),
		};
		const group = settings.combine ? JSON.stringify(fields) : `item ${message.item}`;
		fieldsOf.set(group, fields);
		return {
			item: message.item,
			numbers: message.numbers,
			group,
			extras: { segments: message.segments, scheduledAt: message.timer ? beijingTimeToIso(message.timer) : null },
		};
	});

	return await runSends(this, {
		sends,
		includeRaw: settings.includeRaw,
		call: async (group, numbers) =>
			await sendSms(this, { PhoneNumbers: numbers.join(','), ...fieldsOf.get(group)! }, { credential, timeoutMs: settings.timeoutMs }),
	});
}
