import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { PAGE_SIZE } from '../protocol/drain';
import { pollingTriggerBase } from '../shared/polling';
import { triggerProperties } from './description';
import { pollReports } from './poll';

export class MobsetSmsReportsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mobset SMS Reports Trigger',
		name: 'mobsetSmsReportsTrigger',
		icon: { light: 'file:../../icons/mobset.svg', dark: 'file:../../icons/mobset.dark.svg' },
		...pollingTriggerBase,
		subtitle: `={{ "Up to " + Math.max(${PAGE_SIZE}, $parameter.maxReportsPerPoll) + " reports per poll" }}`,
		description: 'Starts the workflow with new SMS delivery reports from Mobset (短信易), one item per report',
		defaults: { name: 'Mobset SMS Reports Trigger' },
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollReports.call(this);
	}
}
