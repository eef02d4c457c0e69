// The GitHub workflows: valid for GitHub (checked with action-validator, which checks them against
// the workflow schema), and the publish workflow does what n8n's verification asks for.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { parse } from 'yaml';

import { REPO_ROOT } from './support/package';

const run = promisify(execFile);
const WORKFLOWS = path.join(REPO_ROOT, '.github', 'workflows');
const VALIDATOR = path.join(
	path.dirname(require.resolve('@action-validator/cli/package.json')),
	'cli.mjs',
);

async function validate(file: string): Promise<{ code: number; output: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, [VALIDATOR, file], { timeout: 60_000 });
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code?: number | string; stdout?: string; stderr?: string };
		if (typeof failed.code !== 'number') throw error;
		return { code: failed.code, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
	}
}

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	env?: Record<string, string>;
}
interface Job {
	permissions?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function readWorkflow(name: string): { text: string; workflow: Workflow } {
	const text = readFileSync(path.join(WORKFLOWS, name), 'utf8');
	return { text, workflow: parse(text) as Workflow };
}

let work: string;
beforeAll(() => {
	work = mkdtempSync(path.join(process.env.MOBSET_TEST_TMP ?? tmpdir(), 'workflows-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('action-validator', () => {
	const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));

	test('finds the CI and publish workflows', () => {
		expect(files.sort()).toEqual(['ci.yml', 'publish.yml']);
	});

	test.each(files)('accepts %s', async (file) => {
		const { code, output } = await validate(path.join(WORKFLOWS, file));
		expect(output).toBe('');
		expect(code).toBe(0);
	});

	// Copies of publish.yml, each broken in one way GitHub would refuse.
	const { text } = readWorkflow('publish.yml');
	const broken: Array<[string, string, string, RegExp]> = [
		['a misspelt job key', '    runs-on: ubuntu-latest', '    run-on: ubuntu-latest', /'run-on' is not allowed/],
		['an unknown permission level', '      id-token: write', '      id-token: writable', /\/permissions\/id-token/],
		['a YAML syntax error', '    steps:\n', '    steps:\n     - [\n', /parse_error/],
	];
	test.each(broken)('refuses a workflow with %s', async (_what, from, to, reported) => {
		expect(text).toContain(from);
		const file = path.join(work, 'publish.yml');
		writeFileSync(file, text.replace(from, to));
		const { code, output } = await validate(file);
		expect(code).not.toBe(0);
		expect(output).toMatch(reported);
	});
});

describe('publish.yml', () => {
	const { workflow } = readWorkflow('publish.yml');
	const jobs = Object.values(workflow.jobs);
	const steps = jobs.flatMap((job) => job.steps);
	const indexOfRun = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? ''));

	test('runs on version tags only', () => {
		expect(Object.keys(workflow.on)).toEqual(['push']);
		const push = workflow.on.push as Record<string, string[]>;
		expect(Object.keys(push)).toEqual(['tags']);
		expect(push.tags.length).toBeGreaterThan(0);
	});

	test('may sign a provenance statement (id-token: write) and only read the repository', () => {
		expect(jobs).toHaveLength(1);
		expect(jobs[0].permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	test('installs cleanly, lints, builds and tests before it publishes with provenance', () => {
		const order = [/^npm ci$/, /^npm run lint$/, /^npm run build$/, /^npm test$/, /npm publish --provenance/m].map(
			indexOfRun,
		);
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(indexOfRun(/npm publish/)).toBe(steps.length - 1);
	});

	test('tells the tests which tag is being released', () => {
		const testStep = steps[indexOfRun(/^npm test$/)];
		expect(testStep.env?.RELEASE_TAG).toBe('${{ github.ref_name }}');
	});
});

describe('ci.yml', () => {
	const { workflow } = readWorkflow('ci.yml');
	const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));

	test('runs on pull requests and pushes to main, read-only', () => {
		expect(workflow.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
		expect(workflow.permissions).toEqual({ contents: 'read' });
	});

	test("runs .ci/run, which installs, builds, lints and tests", () => {
		expect(runs.some((line) => /bash \.ci\/run$/.test(line))).toBe(true);
		const script = readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');
		for (const command of ['npm ci', 'npm run build', 'npm run lint', 'npm test']) {
			expect(script).toMatch(new RegExp(`^${command}\\b`, 'm'));
		}
	});
});
