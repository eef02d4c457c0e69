import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { PAGE_SIZE } from '../protocol/drain';
import { pollingTriggerBase } from '../shared/polling';
import { triggerProperties } from './description';
import { pollReplies } from './poll';

export class MobsetSmsRepliesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mobset SMS Replies Trigger',
		name: 'mobsetSmsRepliesTrigger',
		icon: { light: 'file:../../icons/mobset.svg', dark: 'file:../../icons/mobset.dark.svg' },
		...pollingTriggerBase,
		subtitle: `={{ "Up to " + Math.max(${PAGE_SIZE}, $parameter.maxRepliesPerPoll) + " replies per poll" }}`,
		description: 'Starts the workflow with SMS replies customers sent through Mobset (短信易), one item per reply',
		defaults: { name: 'Mobset SMS Replies Trigger' },
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollReplies.call(this);
	}
}
