// `npm start`: a local playground. The Mobset simulator (with reports queued and more arriving), a
// real n8n with this package installed the way users install it (Settings → Community Nodes, here
// from a local registry on loopback, see registry.ts), a Mobset credential pointing at the simulator
// and the example workflows, all ready in the editor. Ctrl-C stops everything.
//
// The n8n user folder persists between runs (`.cache/n8n-start`, git-ignored), so workflows built
// in the editor survive a restart; `--fresh` starts over. Every run reinstalls the freshly built
// package and points the credential at this run's simulator.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startSimulator, type MobsetSimulator } from '../simulator';
import { dataTablesOf, ensureDataTable } from './dataTables';
import type { N8nInstance } from './instance';
import { freePortPreferring } from './ports';
import { LocalRegistry } from './registry';
import { DEFAULT_OWNER } from './rest';
import { ensureN8nRuntime } from './runtime';
import { loadExamples, repoRoot, simulatorCredential, startInstalledN8n } from './setup';

const USAGE = `Usage: npm start -- [options]
  --port <n>        n8n editor port (default 5678, another free one if taken)
  --sim-port <n>    simulator port (default 8095, another free one if taken)
  --seed <n>        reports queued at start-up (default 40)
  --feed <n>        new reports per minute (default 6; 0 = none)
  --random-seed <n> simulator PRNG seed (default 1)
  --dir <path>      n8n user folder (default .cache/n8n-start in the repository)
  --fresh           empty the user folder first (new database, examples re-imported)
  --help`;

function number(flag: string, value: string | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) {
		process.stderr.write(`${flag} needs a whole number >= 0\n\n${USAGE}\n`);
		process.exit(2);
	}
	return n;
}

function say(line = ''): void {
	process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'sim-port': { type: 'string' },
			seed: { type: 'string' },
			feed: { type: 'string' },
			'random-seed': { type: 'string' },
			dir: { type: 'string' },
			fresh: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) return say(USAGE);

	const root = repoRoot();
	const userFolder = path.resolve(values.dir ?? path.join(root, '.cache', 'n8n-start'));
	// The database lives in <userFolder>/.n8n; without it this is a first run.
	const firstRun = values.fresh || !existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));

	const runtime = await ensureN8nRuntime();
	let simulator: MobsetSimulator | undefined;
	let registry: LocalRegistry | undefined;
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n, the registry and the simulator…');
		await n8n?.stop().catch(() => undefined);
		await registry?.close().catch(() => undefined);
		await simulator?.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		simulator = await startSimulator({
			port: await freePortPreferring(number('--sim-port', values['sim-port'], 8095)),
			seed: number('--random-seed', values['random-seed'], 1),
		});
		// A realistic mix: most messages arrive, some fail, so both example branches have work.
		simulator.seedReports(number('--seed', values.seed, 40), { deliveredRatio: 0.7 });
		const feed = number('--feed', values.feed, 6);
		if (feed > 0) simulator.startFeed(feed);

		registry = await LocalRegistry.start(runtime);
		const started = await startInstalledN8n({
			runtime,
			registry,
			userFolder,
			fresh: values.fresh,
			port: await freePortPreferring(number('--port', values.port, 5678)),
			credentials: [simulatorCredential(simulator)],
			// Imported once: later runs keep whatever was changed in the editor.
			workflows: firstRun ? await loadExamples(root) : [],
		});
		n8n = started.instance;
		const { session } = started;
		void n8n.whenExited().then(() => {
			if (stopping) return;
			process.stderr.write(`\nn8n stopped unexpectedly; its log: ${n8n!.logFile}\n`);
			void stop(1);
		});
		const owner = DEFAULT_OWNER;
		// The examples find their data table by name; it must exist in the owner's project.
		const tables = dataTablesOf(await loadExamples(root));
		for (const table of tables) await ensureDataTable(n8n.url, session, table);

		say();
		say(`n8n editor     ${n8n.url}`);
		say(`  log in as    ${owner.email} / ${owner.password}`);
		say(`  n8n log      ${n8n.logFile}`);
		say(`  user folder  ${userFolder}${firstRun ? ' (new)' : ' (kept from the last run; --fresh starts over)'}`);
		say(`  package      ${started.installed.packageName}@${started.installed.installedVersion}, installed by n8n's installer`);
		say(`               (Settings → Community Nodes) from the local registry ${registry.url}`);
		say(`Mobset simulator  ${simulator.url}`);
		say(`  account      CorpID ${simulator.account.corpId}, login ${simulator.account.loginName}, password ${simulator.account.password}`);
		say(`  queue        ${simulator.counters({ ids: false }).queued} reports waiting${feed > 0 ? `, ${feed} more per minute` : ''}`);
		say(`  control      ${simulator.origin}/_sim/state (see simulator/index.ts)`);
		say();
		say('The credential "Mobset API account" points at the simulator; the example workflows use it.');
		if (tables.length > 0) say(`Data table${tables.length > 1 ? 's' : ''} for the examples: ${tables.map((table) => table.name).join(', ')}.`);
		say('Press Ctrl-C to stop.');
	} catch (error) {
		process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
		await stop(1);
	}
}

void main();
