import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as get from './get';
import * as getMany from './getMany';

export const operations = { create, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a template',
				description: 'Submit a template for Mobset\'s review (TemplateAdd)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a template',
				description: 'Get one template and its review state (TemplateQuery)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many templates',
				description: 'List the account\'s templates (TemplateList)',
			},
		],
		default: 'getMany',
	},
	...create.description,
	...get.description,
	...getMany.description,
];
