// Records everything n8n logs during a test, so a test can assert that a failure was logged and
// that no secret ever reached a log line.
//
// n8n has two logging paths, and nodes reach the first one:
//   - `this.logger` in every node context is `Container.get(Logger)` (@n8n/backend-common), and so
//     are the loggers of n8n-core's ErrorReporter (which logs every node error) and OutboundHttp;
//   - `LoggerProxy` from n8n-workflow, used by WorkflowExecute for its debug lines.
// `installLogCapture()` puts one recorder behind both.
import type { Logger as ILogger } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { Container, Logger } from './n8nCoreDeps';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
	level: LogLevel;
	message: string;
	meta: unknown;
	/** `message` plus the metadata rendered as JSON (errors with message, stack and cause). */
	text: string;
}

/** JSON for log metadata: errors become plain objects (own fields, message, stack, cause). */
export function render(value: unknown): string {
	const seen = new WeakSet<object>();
	const json = JSON.stringify(value, (_key, item: unknown) => {
		if (typeof item === 'bigint') return item.toString();
		if (item instanceof Error) {
			const plain: Record<string, unknown> = { ...item };
			plain.name = item.name;
			plain.message = item.message;
			plain.stack = item.stack;
			if (item.cause !== undefined) plain.cause = item.cause;
			item = plain;
		}
		if (item !== null && typeof item === 'object') {
			if (seen.has(item)) return '[Circular]';
			seen.add(item);
		}
		return item;
	});
	return json ?? String(value);
}

export class CapturingLogger implements ILogger {
	readonly lines: LogLine[] = [];

	error(message: string, meta?: object): void {
		this.record('error', message, meta);
	}

	warn(message: string, meta?: object): void {
		this.record('warn', message, meta);
	}

	info(message: string, meta?: object): void {
		this.record('info', message, meta);
	}

	debug(message: string, meta?: object): void {
		this.record('debug', message, meta);
	}

	/** n8n's services ask for scoped children; the scope is kept in the metadata. */
	scoped(scopes: string | string[]): CapturingLogger {
		const scope = Array.isArray(scopes) ? scopes : [scopes];
		const record = (level: LogLevel, message: string, meta?: object) =>
			this.record(level, message, { ...meta, scopes: scope });
		return Object.create(this, { record: { value: record } }) as CapturingLogger;
	}

	/** A position in the log, for `since()`. */
	mark(): number {
		return this.lines.length;
	}

	since(mark: number): LogLine[] {
		return this.lines.slice(mark);
	}

	clear(): void {
		this.lines.length = 0;
	}

	protected record(level: LogLevel, message: unknown, meta?: unknown): void {
		const text = typeof message === 'string' ? message : render(message);
		const emptyObject = typeof meta === 'object' && meta !== null && !(meta instanceof Error) && Object.keys(meta).length === 0;
		const showMeta = meta !== undefined && !emptyObject;
		this.lines.push({ level, message: text, meta, text: showMeta ? `${text} ${render(meta)}` : text });
	}
}

let installed: CapturingLogger | undefined;

/**
 * Makes the recorder the logger of n8n-core and n8n-workflow in this test file. Call it before
 * anything runs (workflow.ts does so on import): n8n services built earlier keep the real logger.
 */
export function installLogCapture(): CapturingLogger {
	if (!installed) {
		installed = new CapturingLogger();
		Container.set(Logger, installed as unknown as InstanceType<typeof Logger>);
		LoggerProxy.init(installed);
	}
	return installed;
}

/** Every captured line as one string, for "never contains" assertions. */
export function logText(lines: LogLine[]): string {
	return lines.map((line) => `[${line.level}] ${line.text}`).join('\n');
}
