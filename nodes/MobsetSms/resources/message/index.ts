import type { INodeProperties } from 'n8n-workflow';

import * as send from './send';
import * as sendTemplate from './sendTemplate';

export const operations = { send, sendTemplate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send an SMS',
				description: 'Send a text to one or more numbers (SmsSend)',
			},
			{
				name: 'Send with Template',
				value: 'sendTemplate',
				action: 'Send an SMS from a template',
				description: 'Send an approved template with its parameters (TemplateSendSms)',
			},
		],
		default: 'send',
	},
	...send.description,
	...sendTemplate.description,
];
