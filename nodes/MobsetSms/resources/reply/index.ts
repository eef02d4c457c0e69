import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reply'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many replies',
				description: 'Fetch the replies customers sent since the last fetch (SmsGetRecv)',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
