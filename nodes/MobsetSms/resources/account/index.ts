import type { INodeProperties } from 'n8n-workflow';

import * as getBalance from './getBalance';
import * as getSignature from './getSignature';

export const operations = { getBalance, getSignature };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				action: 'Get the SMS balance',
				description: 'How many SMS the account can still send (SmsGetBalance)',
			},
			{
				name: 'Get Signature',
				value: 'getSignature',
				action: 'Get the SMS signature',
				description: 'The signature Mobset adds to the account\'s messages (SmsGetSign)',
			},
		],
		default: 'getBalance',
	},
	...getBalance.description,
	...getSignature.description,
];
