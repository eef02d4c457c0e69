// `npm run bench:queue`: how fast a backlog drains through n8n's queue mode with one worker and
// with two, on one cluster in one run (the same PostgreSQL, Redis, main and simulator), at n8n's
// default worker concurrency and at a concurrency of 1. The workflow posts each execution's reports
// to a sink that takes time per report, as a CRM or ticket system would. Never part of the tests:
// figures depend on the machine; read the ratios. Results go into docs/scaling.md by hand.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { packPackage } from '../n8n/communityPackage';
import { ensureN8nRuntime } from '../n8n/runtime';
import { repoRoot, simulatorCredential } from '../n8n/setup';
import { QueueCluster } from '../queue/cluster';
import { ensureServicePackages, startPostgres, startRedis, type Postgres, type Redis } from '../queue/services';
import { startQueueSink, type QueueSink } from '../queue/sink';
import { REPORTS_WORKFLOW_ID, reportsWorkflow } from '../queue/workflows';
import { startSimulator, type MobsetSimulator } from '../simulator';

const USAGE = `Usage: npm run bench:queue -- [options]
  --reports <n>       backlog size per drain (default 5000)
  --per-poll <n>      Max Reports per Poll (default 500); the trigger polls every second
  --ms-per-item <n>   what each report costs the sink, in milliseconds (default 10)
  --rounds <n>        how many times to run every configuration, interleaved (default 1)
  --help`;

interface Configuration {
	workers: 1 | 2;
	/** undefined: n8n's default (10). */
	concurrency?: number;
}

const CONFIGURATIONS: Configuration[] = [{ workers: 1 }, { workers: 2 }, { workers: 1, concurrency: 1 }, { workers: 2, concurrency: 1 }];

const say = (line: string) => process.stderr.write(`[bench:queue] ${line}\n`);
const label = (c: Configuration) => `${c.workers} worker${c.workers > 1 ? 's' : ''}, concurrency ${c.concurrency ?? '10 (default)'}`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			reports: { type: 'string', default: '5000' },
			'per-poll': { type: 'string', default: '500' },
			'ms-per-item': { type: 'string', default: '10' },
			rounds: { type: 'string', default: '1' },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const reports = Number(values.reports);
	const perPoll = Number(values['per-poll']);
	const msPerItem = Number(values['ms-per-item']);
	const rounds = Number(values.rounds);

	let postgres: Postgres | undefined;
	let redis: Redis | undefined;
	let sim: MobsetSimulator | undefined;
	let sink: QueueSink | undefined;
	let cluster: QueueCluster | undefined;
	const packDir = await mkdtemp(path.join(os.tmpdir(), 'mobset-bench-queue-'));
	const seconds: Map<Configuration, number[]> = new Map(CONFIGURATIONS.map((c) => [c, []]));
	try {
		const [runtime, packages, tarball] = await Promise.all([ensureN8nRuntime(), ensureServicePackages(), packPackage(repoRoot(), packDir)]);
		[postgres, redis, sim, sink] = await Promise.all([
			startPostgres(packages.postgresBin),
			startRedis(packages.redisServer),
			startSimulator({ port: 0, seed: 9 }),
			startQueueSink({ msPerItem }),
		]);
		cluster = await QueueCluster.create({ runtime, postgres, redis, tarball }, 2);
		await cluster.main.importCredentials([simulatorCredential(sim)]);
		await cluster.main.importWorkflows([reportsWorkflow(sink.url, { pollEverySeconds: 1, maxPerPoll: perPoll })]);
		await cluster.main.publishWorkflow(REPORTS_WORKFLOW_ID);
		await cluster.main.start();
		say(`main ready; each drain: ${reports} reports, ${perPoll} per poll every second, the sink taking ${msPerItem} ms per report`);

		for (let round = 1; round <= rounds; round++) {
			for (const configuration of CONFIGURATIONS) {
				const workers = cluster.workers.slice(0, configuration.workers);
				await Promise.all(workers.map(async (worker) => await worker.start({ concurrency: configuration.concurrency })));
				const wanted = new Set(sim.seedReports(reports).map((r) => String(r.smsId)));
				const started = Date.now();
				const arrived = () => {
					let count = 0;
					for (const delivery of sink!.delivered) for (const item of delivery.items) if (wanted.has(String(item.smsId))) count++;
					return count >= wanted.size;
				};
				await sink.until(arrived, 20 * 60_000, `${reports} reports (${label(configuration)})`);
				const took = (Date.now() - started) / 1000;
				seconds.get(configuration)!.push(took);
				say(`round ${round}, ${label(configuration)}: ${took.toFixed(1)} s (load average ${os.loadavg()[0].toFixed(1)})`);
				await Promise.all(workers.map(async (worker) => await worker.stop()));
			}
		}
	} finally {
		await cluster?.dispose();
		await sink?.close();
		await sim?.close();
		await redis?.stop();
		await postgres?.stop();
		await rm(packDir, { recursive: true, force: true });
	}

	const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
	const lines = [
		`| Configuration | Drain of ${reports.toLocaleString('en-US')} reports (median of ${rounds}) | Two workers against one |`,
		'|---|---|---|',
	];
	for (const configuration of CONFIGURATIONS) {
		const mine = median(seconds.get(configuration)!);
		const one = CONFIGURATIONS.find((c) => c.workers === 1 && c.concurrency === configuration.concurrency)!;
		const ratio = configuration.workers === 2 ? `${(median(seconds.get(one)!) / mine).toFixed(2)}× as fast` : '';
		lines.push(`| ${label(configuration)} | ${mine.toFixed(1)} s | ${ratio} |`);
	}
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
