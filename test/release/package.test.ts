// The published tarball: exactly the files n8n loads and the build makes, and clean under the
// lint rules of n8n's community-package scanner, as the scanner runs them.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { cleanEnv, ensureBuilt, extract, pack, readPackageJson, REPO_ROOT } from './support/package';
import type { PackResult } from './support/package';
import { judgePack } from './support/packContents';

const run = promisify(execFile);
const pkg = readPackageJson();

let work: string;
let packed: PackResult;
let unpacked: string;

beforeAll(async () => {
	work = mkdtempSync(path.join(process.env.MOBSET_TEST_TMP ?? tmpdir(), 'release-'));
	await ensureBuilt();
	packed = await pack(REPO_ROOT, work);
	unpacked = await extract(path.join(work, packed.filename), work);
}, 180_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed file list', () => {
	test('holds the files package.json lists for n8n, their build, icons, README, licence, nothing else', () => {
		const verdict = judgePack(
			packed.files.map((file) => file.path),
			pkg,
			REPO_ROOT,
			REPO_ROOT,
		);
		expect(verdict).toEqual({ unexpected: [], missing: [] });
	});

	test('is what the tarball really contains', () => {
		const inTarball = readdirSync(unpacked, { recursive: true, withFileTypes: true })
			.filter((entry) => entry.isFile())
			.map((entry) => path.relative(unpacked, path.join(entry.parentPath, entry.name)))
			.sort();
		expect(inTarball).toEqual(packed.files.map((file) => file.path).sort());
	});

	test('fails on stale output, tool output, source maps and a missing listed file', async () => {
		// A copy of what `npm pack` reads, spoiled the ways a build or a `files` edit could spoil it.
		const copy = path.join(work, 'spoiled');
		mkdirSync(copy);
		for (const entry of ['package.json', 'README.md', 'LICENSE.md', 'index.js', 'dist']) {
			cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
		}
		// The starter's broader `files`, which would ship anything that lands in dist/.
		const spoiled = { ...pkg, files: ['dist', 'index.js', 'LICENSE.md'] };
		writeFileSync(path.join(copy, 'package.json'), JSON.stringify(spoiled, null, 2));
		const stale = 'dist/nodes/shared/renamedAway.js';
		const tool = 'dist/tools/simulator/cli.js';
		for (const file of [stale, tool]) {
			mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
			writeFileSync(path.join(copy, file), 'module.exports = {};\n');
		}
		const credential = pkg.n8n.credentials[0];
		rmSync(path.join(copy, credential));

		const dryRun = await pack(copy);
		const verdict = judgePack(
			dryRun.files.map((file) => file.path),
			pkg,
			copy,
			REPO_ROOT,
		);

		const named = (list: string[]) => list.map((line) => line.split(':')[0]);
		expect(named(verdict.unexpected)).toEqual(expect.arrayContaining([stale, tool]));
		expect(named(verdict.unexpected).some((file) => file.endsWith('.js.map'))).toBe(true);
		expect(named(verdict.missing)).toContain(credential);
		expect(verdict.unexpected.find((line) => line.startsWith(stale))).toMatch(/no current source/);
	}, 60_000);
});

interface ScanResult {
	passed: boolean;
	message: string | null;
	details: string | null;
}

/**
 * Runs test/release/support/scan.mjs: the lint half of @n8n/scan-community-package, through its
 * own exported functions (analyzePackage, findPackageRoot, SOURCE_FILE_PATTERNS). What cannot run
 * before a version is published: reading the version's metadata and provenance attestation from
 * the registry, downloading the attested commit from GitHub and the tarball from npm. Its
 * provenance check itself runs in publishGuard.test.ts, on the document npm uploads.
 */
async function scan(
	jobs: Array<{ dir: string; leg: 'source' | 'tarball' }>,
): Promise<{ packageRoot: string | null; results: ScanResult[] }> {
	const { stdout } = await run(
		process.execPath,
		[path.join(__dirname, 'support', 'scan.mjs'), JSON.stringify({ packageName: pkg.name, jobs })],
		// The scanner makes a temporary folder when loaded and never removes it: keep it in ours.
		{ cwd: REPO_ROOT, env: cleanEnv({ TMPDIR: work }), maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
	);
	return JSON.parse(stdout) as { packageRoot: string | null; results: ScanResult[] };
}

describe("n8n's community-package scanner, lint half, offline", () => {
	test('passes the source and the tarball; eslint-disable comments do not hide a violation', async () => {
		// Spoiled copies, each breaking a rule under a comment that tries to switch it off.
		const badSource = path.join(work, 'bad-source');
		for (const entry of ['package.json', 'nodes', 'credentials']) {
			cpSync(path.join(REPO_ROOT, entry), path.join(badSource, entry), { recursive: true });
		}
		writeFileSync(
			path.join(badSource, 'nodes', 'debugLeak.ts'),
			"// eslint-disable-next-line no-console\nconsole.log('debug');\n",
		);
		const badTarball = path.join(work, 'bad-tarball');
		cpSync(unpacked, badTarball, { recursive: true });
		writeFileSync(
			path.join(badTarball, 'dist', 'nodes', 'debugLeak.js'),
			"/* eslint-disable */\nconsole.log('debug');\n",
		);

		const { packageRoot, results } = await scan([
			{ dir: REPO_ROOT, leg: 'source' },
			{ dir: unpacked, leg: 'tarball' },
			{ dir: badSource, leg: 'source' },
			{ dir: badTarball, leg: 'tarball' },
		]);
		const [source, tarball, spoiledSource, spoiledTarball] = results;

		// The scanner finds this package's root in a checkout of the repository.
		expect(packageRoot).toBe(REPO_ROOT);
		expect(source).toEqual({ passed: true, message: null, details: null });
		expect(tarball).toEqual({ passed: true, message: null, details: null });
		for (const spoiled of [spoiledSource, spoiledTarball]) {
			expect(spoiled.passed).toBe(false);
			expect(spoiled.message).toBe('ESLint violations found');
			expect(spoiled.details).toMatch(/debugLeak\.(ts|js)[\s\S]*no-console/);
		}
	}, 180_000);
});
