// Which drains (and sends) one `npm run bench` measures. 100,000 reports cost 2,001 calls: at 20 ms of server
// time that is ~42 s per variant, at a 30 ms round trip ~66 s for the floor and twice that for a
// client that opens a connection per call, so 100,000 runs on loopback and at 20 ms only.
import type { ConditionId } from './conditions';
import { variantLabel } from './inProcessCase';
import type { InProcessVariant } from './protocol';
import type { RealVariant } from './realN8n';

export interface InProcessStep {
	kind: 'in-process';
	condition: ConditionId;
	reports: number;
	variant: InProcessVariant;
	parallel: number;
}

export interface RealStep {
	kind: 'real-n8n';
	condition: ConditionId;
	reports: number;
	variant: RealVariant;
	parallel: number;
}

/** Message → Send to `customers` (one number each, the same text), combined or one call per item. */
export interface SendStep {
	kind: 'send';
	condition: ConditionId;
	reports: number;
	combine: boolean;
}

export type Step = InProcessStep | RealStep | SendStep;

export interface PlanOptions {
	quick: boolean;
	n8n: boolean;
	/** Only the send batching case. */
	sendsOnly?: boolean;
	/** Restrict to these conditions (default all). */
	conditions?: ConditionId[];
	/** Restrict to these backlog sizes. */
	sizes?: number[];
	/** Restrict to these variants, by the label the table shows (`floor`, `node ×4`, `n8n: node`). */
	variants?: string[];
	/** Add the `n8n: baseline` variant (another build of the package) to the real-n8n steps. */
	baseline?: boolean;
}

/** The label a step's row gets in the table. */
export function stepLabel(step: Step): string {
	return step.kind === 'send' ? variantLabel('send', 1, step.combine) : variantLabel(step.variant, step.parallel);
}

/** The Parallel Requests setting the benchmark shows beside the default of 1. */
export const PARALLEL = 4;

const inProcess = (condition: ConditionId, reports: number, variants: Array<[InProcessVariant, number]>): Step[] =>
	variants.map(([variant, parallel]) => ({ kind: 'in-process', condition, reports, variant, parallel }));

const real = (condition: ConditionId, reports: number, variants: Array<[RealVariant, number]>): Step[] =>
	variants.map(([variant, parallel]) => ({ kind: 'real-n8n', condition, reports, variant, parallel }));

const sends = (condition: ConditionId, customers: number): Step[] =>
	[true, false].map((combine) => ({ kind: 'send', condition, reports: customers, combine }));

const ALL: Array<[InProcessVariant, number]> = [
	['floor', 1],
	['n8n helper', 1],
	['node', 1],
	['trigger', 1],
	['node', PARALLEL],
	['trigger', PARALLEL],
];
const REAL_VARIANTS: Array<[RealVariant, number]> = [
	['n8n: node', 1],
	['n8n: node', PARALLEL],
	['n8n: DIY', 1],
];

export function buildPlan(options: PlanOptions): Step[] {
	// 10,000 customers: 200 calls against 10,000. At 20 ms a call the one-call-per-item run of
	// 10,000 would take over 3 minutes, so that condition sends to 1,000.
	const steps: Step[] = [...sends('loopback', 10000), ...(options.quick ? [] : sends('server20', 1000))];
	if (!options.sendsOnly) steps.push(...drains(options));
	return steps.filter(
		(step) =>
			(!options.conditions || options.conditions.includes(step.condition)) &&
			(!options.sizes || options.sizes.includes(step.reports)) &&
			(!options.variants || options.variants.includes(stepLabel(step))),
	);
}

function drains(options: PlanOptions): Step[] {
	const steps: Step[] = [];
	const REAL = options.baseline ? [...REAL_VARIANTS, ['n8n: baseline', 1] as [RealVariant, number]] : REAL_VARIANTS;
	if (options.quick) {
		for (const reports of [1000, 10000]) {
			steps.push(...inProcess('loopback', reports, ALL));
			steps.push(...inProcess('server20', reports, ALL));
		}
		steps.push(...inProcess('rtt30', 1000, ALL));
		if (options.n8n) {
			steps.push(...real('loopback', 10000, REAL));
			steps.push(...real('server20', 1000, REAL));
		}
	} else {
		for (const reports of [1000, 10000, 100000]) steps.push(...inProcess('loopback', reports, ALL));
		for (const reports of [1000, 10000, 100000]) steps.push(...inProcess('server20', reports, ALL));
		for (const reports of [1000, 10000]) steps.push(...inProcess('rtt30', reports, ALL));
		for (const reports of [1000, 10000]) steps.push(...inProcess('rtt30tls', reports, ALL));
		if (options.n8n) {
			for (const reports of [1000, 10000, 100000]) steps.push(...real('loopback', reports, REAL));
			steps.push(...real('server20', 10000, REAL));
			steps.push(...real('rtt30', 10000, REAL));
		}
	}
	return steps;
}
