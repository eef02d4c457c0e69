// n8n data tables from outside: the example workflows find theirs by name, but a table belongs to a
// project and only the server's data-table module can create one (`n8n execute` runs with that
// module disabled), so setup creates it over the editor's REST API once n8n runs.
import { getJson, postJson, type Session } from './rest';
import type { Workflow } from './setup';

export interface DataTableColumn {
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
}

export interface DataTableSpec {
	name: string;
	columns: DataTableColumn[];
}

export interface DataTable {
	id: string;
	name: string;
	projectId: string;
}

/**
 * The tables the examples create with the Data Table node's Table → Create (one home for their
 * names and columns: the example itself).
 */
export function dataTablesOf(workflows: Workflow[]): DataTableSpec[] {
	return workflows.flatMap((workflow) =>
		workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.dataTable' && node.parameters.resource === 'table' && node.parameters.operation === 'create')
			.map((node) => ({
				name: String(node.parameters.tableName),
				columns: ((node.parameters.columns as { column?: DataTableColumn[] } | undefined)?.column ?? []).map(({ name, type }) => ({ name, type })),
			})),
	);
}

/** The owner's personal project: where imported workflows (and so their data tables) live. */
export async function personalProjectId(baseUrl: string, session: Session): Promise<string> {
	return (await getJson<{ data: { id: string } }>(baseUrl, '/rest/projects/personal', session)).data.id;
}

/** Creates the table in the owner's personal project, or returns the one of that name already there. */
export async function ensureDataTable(baseUrl: string, session: Session, spec: DataTableSpec): Promise<DataTable> {
	const projectId = await personalProjectId(baseUrl, session);
	const base = `/rest/projects/${projectId}/data-tables`;
	const existing = await getJson<{ data: { count: number; data: DataTable[] } }>(baseUrl, base, session);
	const found = existing.data.data.find((table) => table.name === spec.name);
	if (found) return { ...found, projectId };
	const created = await postJson<DataTable>(baseUrl, base, spec, session);
	return { ...created, projectId };
}

/** Every row of a table (system columns `id`, `createdAt`, `updatedAt` included). */
export async function dataTableRows(baseUrl: string, session: Session, table: DataTable): Promise<Array<Record<string, unknown>>> {
	const rows: Array<Record<string, unknown>> = [];
	const page = 100;
	for (let skip = 0; ; skip += page) {
		const answer = await getJson<{ data: { count: number; data: Array<Record<string, unknown>> } }>(
			baseUrl,
			`/rest/projects/${table.projectId}/data-tables/${table.id}/rows?skip=${skip}&take=${page}`,
			session,
		);
		rows.push(...answer.data.data);
		if (rows.length >= answer.data.count || answer.data.data.length === 0) return rows;
	}
}
