import { NodeConnectionTypes, type INodeOutputConfiguration } from 'n8n-workflow';

export const OUTCOME_OUTPUTS: INodeOutputConfiguration[] = [
	{ type: NodeConnectionTypes.Main, displayName: 'Delivered' },
	{ type: NodeConnectionTypes.Main, displayName: 'Failed' },
	{ type: NodeConnectionTypes.Main, displayName: 'Other' },
];

/** n8n evaluates this in the editor to draw one output, or three when split by outcome. */
export const outputsExpression =
	`={{ $parameter.splitByOutcome ? ${JSON.stringify(OUTCOME_OUTPUTS)} : ["${NodeConnectionTypes.Main}"] }}` as `={{${string}}}`;
