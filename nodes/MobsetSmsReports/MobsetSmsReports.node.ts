import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { outputsExpression, reportProperties, subtitle } from './description';
import { getManyReports } from './getMany';

export class MobsetSmsReports implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mobset SMS Reports',
		name: 'mobsetSmsReports',
		icon: { light: 'file:../../icons/mobset.svg', dark: 'file:../../icons/mobset.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle,
		description: 'Fetch SMS delivery status reports from Mobset (短信易), one item per report',
		defaults: { name: 'Mobset SMS Reports' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: outputsExpression,
		credentials: [{ name: 'mobsetApi', required: true }],
		properties: reportProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await getManyReports.call(this);
	}
}
