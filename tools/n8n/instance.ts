// One real n8n: its own user folder (database, settings, installed community packages), the n8n
// CLI for setting it up and running workflows, and `n8n start` as a supervised child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { request } from 'undici';

import { installCommunityPackage } from './communityPackage';
import { parseExecuteOutput, type ExecutionResult } from './executeOutput';
import { freePort } from './ports';
import { CommandError, run, tail, type RunResult } from './proc';
import type { N8nRelease, N8nRuntime } from './runtime';

export interface N8nInstanceOptions {
	runtime: N8nRuntime;
	/** N8N_USER_FOLDER. A fresh temporary folder when omitted (removed again by `dispose`). */
	userFolder?: string;
	/** Empty `userFolder` first, for a run that must not see an earlier one's database. */
	fresh?: boolean;
	/** The editor's port; a free one when omitted. */
	port?: number;
	/** Extra environment for every n8n process (CLI and server). */
	env?: NodeJS.ProcessEnv;
	/** Folders put first on the PATH of every n8n process (e.g. the local registry's npm wrapper). */
	binDirs?: string[];
	/** How long `start` waits for the server to be ready (first start runs the database migrations). */
	startTimeoutMs?: number;
}

/** n8n prints this once the server listens and published workflows are activated. */
const READY_LINE = 'Editor is now accessible via';
const CLI_TIMEOUT_MS = 5 * 60_000;
const MAX_LOG_IN_MEMORY = 4 * 1024 * 1024;

export class N8nInstance {
	/** The n8n server's output (stdout and stderr), for checks on what it logged. */
	readonly logFile: string;

	private server: ChildProcess | undefined;
	private serverExit: Promise<void> | undefined;
	private serverLog = '';

	private constructor(
		private readonly runtime: N8nRuntime,
		readonly userFolder: string,
		readonly port: number,
		private readonly brokerPort: number,
		private readonly extraEnv: NodeJS.ProcessEnv,
		private readonly binDirs: string[],
		private readonly ownsFolder: boolean,
		private readonly startTimeoutMs: number,
	) {
		this.logFile = path.join(userFolder, 'n8n.log');
	}

	static async create(options: N8nInstanceOptions): Promise<N8nInstance> {
		const ownsFolder = !options.userFolder;
		const userFolder = options.userFolder
			? path.resolve(options.userFolder)
			: await mkdtemp(path.join(tmpdir(), 'n8n-mobset-'));
		if (options.userFolder && options.fresh) await rm(userFolder, { recursive: true, force: true });
		await mkdir(path.join(userFolder, '.n8n'), { recursive: true });
		const port = options.port ?? (await freePort());
		let brokerPort = await freePort();
		while (brokerPort === port) brokerPort = await freePort();
		return new N8nInstance(
			options.runtime,
			userFolder,
			port,
			brokerPort,
			options.env ?? {},
			options.binDirs ?? [],
			ownsFolder,
			options.startTimeoutMs ?? 5 * 60_000,
		);
	}

	/** `<userFolder>/.n8n`: n8n's own folder (database, config, `nodes/`). */
	get n8nFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The environment every n8n process of this instance runs with. */
	env(): NodeJS.ProcessEnv {
		const env = this.runtime.env({
			// Jest sets NODE_ENV=test, under which n8n refuses to load nodes; n8n's Docker image
			// runs with production, which is what users get.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			// The task-runner broker defaults to 5679; two n8n (or n8n on 5679) must not share it.
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			// Shorter than our own SIGKILL fallback in `stop`, so n8n gets to finish shutting down.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '15',
			...this.extraEnv,
		});
		if (this.binDirs.length > 0) env.PATH = [...this.binDirs, env.PATH].join(path.delimiter);
		return env;
	}

	/** Copies a packed package into the nodes folder, for n8n processes that have no editor to install it. */
	async installPackage(tarball: string): Promise<{ name: string; version: string; directory: string }> {
		return await installCommunityPackage(this.runtime, this.n8nFolder, tarball);
	}

	/** Runs an n8n CLI command against this instance's database. Use before `start` or after `stop`. */
	async cli(args: string[]): Promise<RunResult> {
		return await run(this.runtime.node, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env(),
			timeoutMs: CLI_TIMEOUT_MS,
		});
	}

	/** `n8n import:credentials`; `data` may be plain, n8n encrypts it on import. */
	async importCredentials(credentials: object[]): Promise<void> {
		const result = await this.importFile('credential', credentials);
		expectLine(result, `Successfully imported ${credentials.length} credential`);
	}

	/** `n8n import:workflow`; each workflow needs a fixed `id` so it can be executed and published. */
	async importWorkflows(workflows: object[]): Promise<void> {
		const result = await this.importFile('workflow', workflows);
		// n8n skips workflows that break its content-import policy and still exits 0.
		expectLine(result, `Successfully imported ${workflows.length} workflow`);
	}

	/** Writes `data` to a file for `n8n import:<kind>` and removes it afterwards (it may hold secrets). */
	private async importFile(kind: 'credential' | 'workflow', data: object[]): Promise<RunResult> {
		const file = path.join(this.userFolder, `import-${kind}s-${process.pid}.json`);
		await writeFile(file, JSON.stringify(data, null, '\t'), { mode: 0o600 });
		try {
			return await this.cli([kind === 'credential' ? 'import:credentials' : 'import:workflow', `--input=${file}`]);
		} finally {
			await rm(file, { force: true });
		}
	}

	/** Activates a workflow (n8n 2.x calls it publishing); takes effect at the next `start`. */
	async publishWorkflow(id: string): Promise<void> {
		await this.cli(this.runtime.release.activateCommand(id));
	}

	/** The n8n release this instance runs. */
	get release(): N8nRelease {
		return this.runtime.release;
	}

	/** `n8n execute --id --rawOutput`: runs a workflow whose start node is a Manual Trigger. */
	async execute(id: string): Promise<ExecutionResult> {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput']).catch((error: unknown) => {
			// A failed run exits non-zero but still logs the run; let the parser report its error.
			if (error instanceof CommandError) return error.result;
			throw error;
		});
		// n8n's log lines share stdout with the run's JSON; the parser finds the JSON among them.
		return parseExecuteOutput(result.stdout, result.stderr);
	}

	/** Starts `n8n start` and resolves once it serves requests and has activated published workflows. */
	async start(): Promise<void> {
		if (this.server) throw new Error('n8n is already running');
		// This run's output only: an earlier run's ready line must not pass for this one's (n8n 1.x
		// answers its readiness check before its routes are up).
		this.serverLog = '';
		const logStream = createWriteStream(this.logFile, { flags: 'a' });
		// Own process group: on a forced stop the task runner n8n spawned goes down with it.
		const child = spawn(this.runtime.node, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.server = child;
		const collect = (chunk: Buffer) => {
			// Memory keeps the start-up and early runs (what checks look at); the file keeps all.
			if (this.serverLog.length < MAX_LOG_IN_MEMORY) this.serverLog += chunk.toString();
			logStream.write(chunk);
		};
		child.stdout!.on('data', collect);
		child.stderr!.on('data', collect);
		this.serverExit = new Promise((resolve) => {
			child.on('close', () => {
				logStream.end();
				resolve();
			});
		});
		killOnExit.add(child);

		try {
			await this.waitUntilReady(child);
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	private async waitUntilReady(child: ChildProcess): Promise<void> {
		const deadline = Date.now() + this.startTimeoutMs;
		while (Date.now() < deadline) {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`n8n exited while starting (see ${this.logFile}):\n${tail(this.serverLog)}`);
			}
			if (this.serverLog.includes(READY_LINE) && (await this.isReady())) return;
			await delay(500);
		}
		throw new Error(
			`n8n did not become ready within ${this.startTimeoutMs / 1000} s (see ${this.logFile}):\n${tail(this.serverLog)}`,
		);
	}

	/** `/healthz/readiness` answers 200 only once the database is migrated and the server is up. */
	async isReady(): Promise<boolean> {
		try {
			const response = await request(`${this.url}/healthz/readiness`, { headersTimeout: 5000, bodyTimeout: 5000 });
			await response.body.dump();
			return response.statusCode === 200;
		} catch {
			return false;
		}
	}

	/** Resolves when the server process has ended (stopped, or crashed). */
	whenExited(): Promise<void> {
		return this.serverExit ?? Promise.resolve();
	}

	/** What the running (or last) server printed so far. */
	get log(): string {
		return this.serverLog;
	}

	/** SIGTERM (n8n shuts down gracefully), then SIGKILL to the whole group after `timeoutMs`. */
	async stop(timeoutMs = 30_000): Promise<void> {
		const child = this.server;
		if (!child) return;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			// An unref'd timer: a pending fallback must not keep the caller's process (jest) alive.
			const stopped = await Promise.race([
				this.serverExit!.then(() => true),
				delay(timeoutMs, false, { ref: false }),
			]);
			if (!stopped) killGroup(child, 'SIGKILL');
		}
		await this.serverExit;
		killOnExit.delete(child);
		this.server = undefined;
	}

	/** Stops the server and removes the user folder if this instance created it. */
	async dispose(): Promise<void> {
		await this.stop();
		if (this.ownsFolder) await rm(this.userFolder, { recursive: true, force: true });
	}
}

function expectLine(result: RunResult, expected: string): void {
	const output = result.stdout + result.stderr;
	if (!output.includes(expected)) {
		throw new Error(`n8n CLI did not report "${expected}":\n${tail(output)}`);
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		process.kill(-child.pid!, signal);
	} catch {
		child.kill(signal);
	}
}

// If the parent dies without stopping (an uncaught error, a test time-out), do not leave an n8n
// holding ports and the SQLite file behind.
const killOnExit = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of killOnExit) killGroup(child, 'SIGKILL');
});
