import type { IDataObject } from 'n8n-workflow';

import type { OutcomeFilter } from './outcome';

export interface ReportOptions {
	outcome: OutcomeFilter;
	includeRaw: boolean;
	timeoutMs: number;
}

const OUTCOMES: OutcomeFilter[] = ['all', 'delivered', 'failed', 'notDelivered'];

/** Reads the options collection both nodes share, falling back to the defaults the UI shows. */
export function readReportOptions(options: IDataObject): ReportOptions {
	const outcome = OUTCOMES.includes(options.outcome as OutcomeFilter)
		? (options.outcome as OutcomeFilter)
		: 'all';
	const timeoutSeconds = Number(options.requestTimeout ?? 30);
	return {
		outcome,
		includeRaw: options.includeRaw !== false,
		timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : 30_000,
	};
}
