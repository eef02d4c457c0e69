import type { ReportItem, ReportStatus } from './reportItem';

export type OutcomeFilter = 'all' | 'delivered' | 'failed' | 'notDelivered';

const KEEPS: Record<OutcomeFilter, (status: ReportStatus) => boolean> = {
	all: () => true,
	delivered: (status) => status === 'delivered',
	failed: (status) => status === 'failed',
	notDelivered: (status) => status !== 'delivered',
};

export function keepsOutcome(filter: OutcomeFilter, item: ReportItem): boolean {
	return (KEEPS[filter] ?? KEEPS.all)(item.status);
}

/** Output index when the node is split by outcome: Delivered, Failed, Other (pending or unknown). */
export function outcomeOutputIndex(item: ReportItem): 0 | 1 | 2 {
	if (item.status === 'delivered') return 0;
	if (item.status === 'failed') return 1;
	return 2;
}
