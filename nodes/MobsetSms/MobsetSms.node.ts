import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as account from './resources/account';
import * as message from './resources/message';
import * as reply from './resources/reply';
import * as template from './resources/template';

type Execute = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

const ROUTES: Record<string, Record<string, { execute: Execute }>> = {
	message: message.operations,
	reply: reply.operations,
	account: account.operations,
	template: template.operations,
};

export class MobsetSms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mobset SMS',
		name: 'mobsetSms',
		icon: { light: 'file:../../icons/mobset.svg', dark: 'file:../../icons/mobset.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter.operation + ": " + $parameter.resource }}',
		description: 'Send SMS through Mobset (短信易), read replies, the balance and templates',
		defaults: { name: 'Mobset SMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mobsetApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Message', value: 'message' },
					{ name: 'Reply', value: 'reply' },
					{ name: 'Template', value: 'template' },
				],
				default: 'message',
			},
			...message.description,
			...reply.description,
			...account.description,
			...template.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const route = ROUTES[resource]?.[operation];
		if (!route) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported.`);
		}
		return await route.execute.call(this);
	}
}
