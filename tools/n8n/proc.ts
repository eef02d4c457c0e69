// Child-process helpers shared by the runtime installer and the n8n instance: one place that knows
// how to run a command, keep its output for diagnosis, and say what went wrong.
import { spawn, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Appends everything the command prints to this file (the tail is also kept for errors). */
	logFile?: string;
	/** Kills the command (SIGTERM, then SIGKILL) when it runs longer than this. */
	timeoutMs?: number;
	/** Prints "still <label> (N min)" every minute so a long, quiet step does not look hung. */
	heartbeat?: string;
	/** Resolve with a non-zero exit code instead of rejecting. */
	allowFailure?: boolean;
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export class CommandError extends Error {
	constructor(
		message: string,
		readonly result: RunResult,
	) {
		super(message);
	}
}

const TAIL_LINES = 40;

export function tail(text: string, lines = TAIL_LINES): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function log(message: string): void {
	// stderr, so that scripts whose stdout is parsed (or piped) stay clean.
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const spawnOptions: SpawnOptions = {
		cwd: options.cwd,
		env: options.env ?? process.env,
		// Nothing here is interactive; a closed stdin also keeps CI (no tty) and local runs alike.
		stdio: ['ignore', 'pipe', 'pipe'],
	};
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, spawnOptions);
		const logStream = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
		logStream?.write(`\n$ ${command} ${args.join(' ')}\n`);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			logStream?.write(chunk);
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			logStream?.write(chunk);
		});

		const started = Date.now();
		const heartbeat = options.heartbeat
			? setInterval(() => {
					const minutes = Math.round((Date.now() - started) / 60_000);
					log(`still ${options.heartbeat} (${minutes} min)`);
				}, 60_000)
			: undefined;
		let killTimer: NodeJS.Timeout | undefined;
		const timeout = options.timeoutMs
			? setTimeout(() => {
					child.kill('SIGTERM');
					killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				}, options.timeoutMs)
			: undefined;

		const finish = () => {
			clearInterval(heartbeat);
			clearTimeout(timeout);
			clearTimeout(killTimer);
			logStream?.end();
		};
		child.on('error', (error) => {
			finish();
			reject(new Error(`could not start ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			finish();
			const result = { code, signal, stdout, stderr };
			if (code === 0 || options.allowFailure) return resolve(result);
			const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
			reject(
				new CommandError(
					`${command} ${args.join(' ')} ${how}\n${tail(stdout + stderr)}`,
					result,
				),
			);
		});
	});
}
