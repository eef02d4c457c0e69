import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * Runs an operation once per input item, as n8n's own nodes do: each result paired to its item;
 * a failure stops the node, or becomes that item's error item when the node continues on fail.
 * Operations raise NodeApiError/NodeOperationError themselves, so the error is passed on as it is.
 */
export async function eachItem(
	context: IExecuteFunctions,
	run: (item: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	const count = context.getInputData().length;
	for (let item = 0; item < count; item++) {
		const outcome = await run(item).then(
			(results) => ({ results }),
			(error: Error) => ({ error }),
		);
		if ('error' in outcome) {
			if (!context.continueOnFail()) throw outcome.error;
			output.push({ json: { error: outcome.error.message }, pairedItem: { item } });
		} else {
			for (const json of outcome.results) output.push({ json, pairedItem: { item } });
		}
	}
	return [output];
}
