// n8n in queue mode: one main (`n8n start`: editor, triggers, enqueues executions) and workers
// (`n8n worker`: run them), sharing PostgreSQL and Redis. Each process has a user folder of its own,
// with this package installed in it the way n8n installs a community package, or deliberately not.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { request } from 'undici';

import { N8nInstance } from '../n8n/instance';
import { log, tail } from '../n8n/proc';
import type { N8nRuntime } from '../n8n/runtime';
import type { Postgres, Redis } from './services';

/**
 * n8n fails a job whose worker stopped renewing its lock after the lock expires and the next
 * stalled-job check runs (default 60 s and 30 s); shorter here so a killed worker is noticed in
 * about 12 s, plus n8n's own 30 s grace re-check of the execution's status.
 */
export const STALLED_JOB_SETTINGS = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
	QUEUE_WORKER_STALLED_INTERVAL: '2500',
} as const;

export interface ClusterOptions {
	runtime: N8nRuntime;
	postgres: Postgres;
	redis: Redis;
	/** The packed package, installed into the main and into each worker that should have it. */
	tarball: string;
}

/** The settings every process of the cluster (and every CLI call) shares. */
function sharedEnv(options: ClusterOptions, encryptionKey: string): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		N8N_ENCRYPTION_KEY: encryptionKey,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// Nothing here needs long to wind down; a test restarts processes several times.
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		...STALLED_JOB_SETTINGS,
		...options.postgres.n8nEnv(),
		...options.redis.n8nEnv(),
	};
}

/** One `n8n worker` process with its own user folder; its health check port is the folder's port. */
export class Worker {
	private child: ChildProcess | undefined;
	private exited: Promise<void> = Promise.resolve();
	private output = '';

	constructor(
		readonly name: string,
		readonly instance: N8nInstance,
		private readonly runtime: N8nRuntime,
	) {}

	/** Everything this worker printed, across restarts. */
	get log(): string {
		return this.output;
	}

	get running(): boolean {
		return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Execution ids this worker started ("Worker started execution 12 (job 3)"). */
	startedExecutions(): string[] {
		return [...this.output.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
	}

	/** `concurrency`: how many executions it runs at once (n8n's `--concurrency`, default 10). */
	async start(options: { concurrency?: number } = {}): Promise<void> {
		if (this.running) throw new Error(`${this.name} is already running`);
		const logStream = createWriteStream(this.instance.logFile, { flags: 'a' });
		const args = [this.runtime.n8nBin, 'worker', ...(options.concurrency ? [`--concurrency=${options.concurrency}`] : [])];
		const child = spawn(this.runtime.node, args, {
			cwd: this.instance.userFolder,
			env: { ...this.instance.env(), QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.instance.port) },
			stdio: ['ignore', 'pipe', 'pipe'],
			// Its own process group, so a kill takes its task runner along.
			detached: true,
		});
		this.child = child;
		const collect = (chunk: Buffer) => {
			this.output += chunk.toString();
			logStream.write(chunk);
		};
		child.stdout!.on('data', collect);
		child.stderr!.on('data', collect);
		this.exited = new Promise((resolve) => child.on('close', () => (logStream.end(), resolve())));
		killOnExit.add(child);
		const deadline = Date.now() + 3 * 60_000;
		while (!(await this.isReady())) {
			if (!this.running) throw new Error(`${this.name} exited while starting:\n${tail(this.output)}`);
			if (Date.now() > deadline) {
				await this.kill();
				throw new Error(`${this.name} was not ready within 3 minutes:\n${tail(this.output)}`);
			}
			await delay(500);
		}
		log(`${this.name} ready (health check on port ${this.instance.port})`);
	}

	private async isReady(): Promise<boolean> {
		try {
			const response = await request(`http://127.0.0.1:${this.instance.port}/healthz/readiness`, { headersTimeout: 3000, bodyTimeout: 3000 });
			await response.body.dump();
			return response.statusCode === 200;
		} catch {
			return false;
		}
	}

	/** SIGKILL to the whole process group: what an OOM kill or a lost machine does. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child) return;
		if (this.running) signalGroup(child, 'SIGKILL');
		await this.exited;
		killOnExit.delete(child);
		this.child = undefined;
	}

	/** SIGTERM: n8n lets running jobs finish (QUEUE_WORKER_TIMEOUT), then exits. */
	async stop(timeoutMs = 40_000): Promise<void> {
		const child = this.child;
		if (!child) return;
		if (this.running) {
			child.kill('SIGTERM');
			const stopped = await Promise.race([this.exited.then(() => true), delay(timeoutMs, false, { ref: false })]);
			if (!stopped) signalGroup(child, 'SIGKILL');
		}
		await this.exited;
		// The task runner, if it outlived its worker.
		signalGroup(child, 'SIGKILL');
		killOnExit.delete(child);
		this.child = undefined;
	}
}

export class QueueCluster {
	private constructor(
		readonly main: N8nInstance,
		readonly workers: Worker[],
		private readonly makeWorker: (name: string, withPackage: boolean) => Promise<Worker>,
	) {}

	/**
	 * Creates the user folders (nothing runs yet): the main and `workers` workers with the package.
	 * Import credentials and workflows through `main` (its CLI writes to the shared database) before
	 * starting anything.
	 */
	static async create(options: ClusterOptions, workers: number): Promise<QueueCluster> {
		const encryptionKey = randomBytes(24).toString('hex');
		const env = sharedEnv(options, encryptionKey);
		const main = await N8nInstance.create({ runtime: options.runtime, env });
		await main.installPackage(options.tarball);
		const makeWorker = async (name: string, withPackage: boolean) => {
			const instance = await N8nInstance.create({ runtime: options.runtime, env });
			if (withPackage) await instance.installPackage(options.tarball);
			return new Worker(name, instance, options.runtime);
		};
		const created: Worker[] = [];
		for (let i = 1; i <= workers; i++) created.push(await makeWorker(`worker ${i}`, true));
		return new QueueCluster(main, created, makeWorker);
	}

	/** Adds a worker (not started), e.g. one without the package. */
	async addWorker(name: string, withPackage: boolean): Promise<Worker> {
		const worker = await this.makeWorker(name, withPackage);
		this.workers.push(worker);
		return worker;
	}

	/** The worker that logged starting this execution. */
	workerOf(executionId: string): Worker | undefined {
		return this.workers.find((worker) => worker.startedExecutions().includes(executionId));
	}

	/** Copies every process's log into `dir` (main.log, worker-1.log, …): CI keeps them. */
	async saveLogs(dir: string): Promise<void> {
		await mkdir(dir, { recursive: true });
		const logs = [
			{ name: 'main', file: this.main.logFile },
			...this.workers.map((worker) => ({ name: worker.name, file: worker.instance.logFile })),
		];
		for (const { name, file } of logs) {
			await copyFile(file, path.join(dir, `${name.replace(/\W+/g, '-')}.log`)).catch(() => undefined);
		}
	}

	/** Stops every process and removes every user folder. */
	async dispose(): Promise<void> {
		await this.main.stop().catch(() => undefined);
		await Promise.all(this.workers.map(async (worker) => await worker.stop(15_000).catch(() => undefined)));
		await this.main.dispose().catch(() => undefined);
		await Promise.all(this.workers.map(async (worker) => await worker.instance.dispose().catch(() => undefined)));
	}
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		process.kill(-child.pid!, signal);
	} catch {
		// Already gone.
	}
}

// If jest dies without disposing, leave no worker behind.
const killOnExit = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of killOnExit) signalGroup(child, 'SIGKILL');
});
