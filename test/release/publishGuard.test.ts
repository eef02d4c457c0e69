// Only the publish workflow can publish: a plain `npm publish` from a developer machine is refused
// before anything is uploaded. This repository's .npmrc turns lifecycle scripts off (for `npm ci`),
// which also silences the `prepublishOnly` guard of n8n's template, so publishConfig.provenance is
// what stops a plain publish: npm can only make a provenance statement inside a CI provider.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { cleanEnv, npm, readPackageJson, REPO_ROOT } from './support/package';

const run = promisify(execFile);

/** A loopback stand-in for the npm registry that records what it is sent and accepts uploads. */
let registry: Server;
let registryUrl: string;
const uploads: Array<{ path: string; body: string }> = [];
let work: string;

beforeAll(async () => {
	registry = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			if (request.method === 'PUT') {
				const body = Buffer.concat(chunks).toString('utf8');
				uploads.push({ path: decodeURIComponent(request.url ?? ''), body });
				response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			} else {
				response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
			}
		});
	});
	await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
	registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;

	// The repository's publish configuration (package.json, .npmrc) with its tools, without dist/:
	// what gets packed does not matter here, only whether npm goes as far as uploading it.
	work = mkdtempSync(path.join(process.env.MOBSET_TEST_TMP ?? tmpdir(), 'publish-'));
	for (const file of ['package.json', '.npmrc', 'index.js', 'README.md', 'LICENSE.md']) {
		cpSync(path.join(REPO_ROOT, file), path.join(work, file));
	}
	symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(work, 'node_modules'));
});

afterAll(async () => {
	await new Promise((resolve) => registry.close(resolve));
	rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
	uploads.length = 0;
});

/** `npm publish` to the loopback registry, from a shell without any CI variables (a laptop). */
function publish(...args: string[]) {
	const host = registryUrl.replace(/^http:/, '');
	return npm(['publish', `--registry=${registryUrl}`, `--${host}:_authToken=made-up`, ...args], work, cleanEnv());
}

test('a plain npm publish is refused: no provenance outside CI', async () => {
	expect(readPackageJson(work).publishConfig).toEqual({ provenance: true });
	const result = await publish();
	expect(result.code).not.toBe(0);
	expect(result.stderr).toMatch(/provenance generation not supported/i);
	expect(uploads).toEqual([]);
}, 120_000);

test('with lifecycle scripts on, prepublishOnly (n8n-node prerelease) refuses it first', async () => {
	expect(readPackageJson(work).scripts.prepublishOnly).toBe('n8n-node prerelease');
	const result = await publish('--ignore-scripts=false');
	expect(result.code).not.toBe(0);
	expect(result.stderr).toMatch(/n8n-node prerelease/);
	expect(result.stdout).toMatch(/to publish the package/);
	expect(uploads).toEqual([]);
}, 120_000);

test("with provenance switched off on purpose it uploads, and n8n's scanner would fail that version", async () => {
	// The upload shows that the refusals above are the guards' doing, not the stand-in's.
	const { name, version } = readPackageJson();
	const result = await publish('--provenance=false');
	expect(result.code).toBe(0);
	expect(uploads.map((upload) => upload.path)).toEqual([`/${name}`]);

	// The document npm uploaded, put through the scanner's own provenance check: a version
	// published without a provenance statement is refused.
	const metadata = JSON.parse(uploads[0].body) as { versions: Record<string, unknown> };
	expect(Object.keys(metadata.versions)).toEqual([version]);
	const { stdout } = await run(
		process.execPath,
		[path.join(__dirname, 'support', 'provenance.mjs'), JSON.stringify({ metadata, version })],
		{ cwd: REPO_ROOT, env: cleanEnv(), timeout: 60_000 },
	);
	expect(JSON.parse(stdout)).toEqual({
		passed: false,
		message: expect.stringMatching(/^Package was not published with npm provenance/),
	});
}, 120_000);
