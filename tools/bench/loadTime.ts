// What loading the package costs n8n: requiring the credential and both node files (the files
// package.json's `n8n` section lists), each time in a fresh process. n8n has n8n-workflow loaded
// long before it loads community packages, so that is required first and not counted; the cold
// figure (n8n-workflow included) is shown beside it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const RUNS = 7;

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FILES = [
	'dist/credentials/MobsetApi.credentials.js',
	'dist/nodes/MobsetSmsReports/MobsetSmsReports.node.js',
	'dist/nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node.js',
].map((file) => path.join(ROOT, file));

export interface LoadTime {
	/** Median over fresh processes, n8n-workflow already loaded (what n8n pays). */
	packageMs: number;
	/** Median, n8n-workflow included. */
	coldMs: number;
	runs: number;
}

/** In the fresh process: time the requires and instantiate each class as n8n's loader does. */
function measureHere(preload: boolean): number {
	// n8n loads community packages with CommonJS require, so the timing does too.
	const load = createRequire(__filename);
	if (preload) load('n8n-workflow');
	const started = performance.now();
	for (const file of FILES) {
		const exported = load(file) as Record<string, new () => unknown>;
		for (const Class of Object.values(exported)) if (typeof Class === 'function') new Class();
	}
	return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function measureLoadTime(): LoadTime {
	const run = (mode: 'package' | 'cold') =>
		Number(execFileSync(process.execPath, [__filename, mode], { cwd: ROOT, encoding: 'utf8' }).trim());
	const packageRuns: number[] = [];
	const coldRuns: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		packageRuns.push(run('package'));
		coldRuns.push(run('cold'));
	}
	return { packageMs: median(packageRuns), coldMs: median(coldRuns), runs: RUNS };
}

if (require.main === module) {
	const mode = process.argv[2];
	if (mode === 'package' || mode === 'cold') {
		process.stdout.write(`${measureHere(mode === 'package')}\n`);
	} else {
		process.stdout.write(`${JSON.stringify(measureLoadTime())}\n`);
	}
}
