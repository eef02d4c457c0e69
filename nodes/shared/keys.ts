import type { IDataObject } from 'n8n-workflow';

/** Mobset spells the same field differently across pages and generations (`Code`/`code`, `SmsId`/`SmsID`). */
export function getField(record: IDataObject, name: string): unknown {
	if (name in record) return record[name];
	const wanted = name.toLowerCase();
	for (const key of Object.keys(record)) {
		if (key.toLowerCase() === wanted) return record[key];
	}
	return undefined;
}

export function hasField(record: IDataObject, name: string): boolean {
	const wanted = name.toLowerCase();
	return Object.keys(record).some((key) => key.toLowerCase() === wanted);
}
