// Which files may be in the published tarball, and which must be: judged from the file list of
// `npm pack --json` against package.json's `n8n` section and the sources the build compiles.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { PackageJson } from './package';

/** The package's own files at the top of the tarball. */
const TOP_LEVEL = new Set(['package.json', 'README.md', 'LICENSE.md', 'index.js']);

/** Folders the build compiles into dist/ (tsconfig.json) and where the output lands. */
const SHIPPED_SOURCE_DIRS = ['nodes', 'credentials'];

export interface PackVerdict {
	/** Packed files that no current source builds, or that are not meant to ship; with why. */
	unexpected: string[];
	/** Files n8n or the build says must ship but the tarball lacks; with why. */
	missing: string[];
}

function sourceFiles(sourceRoot: string, dir: string): string[] {
	const full = path.join(sourceRoot, dir);
	if (!existsSync(full)) return [];
	return readdirSync(full, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(sourceRoot, path.join(entry.parentPath, entry.name)))
		.map((file) => file.split(path.sep).join('/'));
}

/** The dist/ path the build writes for a source file, or null if the source emits nothing. */
function builtPath(source: string): string | null {
	if (source.endsWith('.d.ts')) return null;
	if (source.endsWith('.ts')) return `dist/${source.slice(0, -'.ts'.length)}.js`;
	// Codex files (*.node.json, copied by gulpfile.js) and JSON that code imports (emitted by tsc).
	if (source.endsWith('.json')) return `dist/${source}`;
	return null;
}

/** `file:` icon references in shipped JavaScript, resolved to package paths. */
function iconReferences(packageDir: string, packed: string[]): Map<string, string> {
	const references = new Map<string, string>();
	for (const file of packed.filter((name) => name.endsWith('.js'))) {
		const text = readFileSync(path.join(packageDir, file), 'utf8');
		for (const match of text.matchAll(/['"`]file:([^'"`]+)['"`]/g)) {
			const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]));
			references.set(target, file);
		}
	}
	return references;
}

/**
 * Compares the packed file list of `packageDir` (paths as `npm pack --json` gives them) with
 * what should ship: the files package.json's `n8n` section lists, the compiled output of every
 * source file in nodes/ and credentials/ of `sourceRoot` (and nothing compiled from anything
 * else, so a stale file left by a renamed source fails), the icons that shipped code references,
 * README, licence, package.json and index.js. Source maps, declarations and tool output fail.
 */
export function judgePack(
	packed: string[],
	pkg: PackageJson,
	packageDir: string,
	sourceRoot: string,
): PackVerdict {
	const inPack = new Set(packed);
	const built = new Map<string, string>();
	for (const source of SHIPPED_SOURCE_DIRS.flatMap((dir) => sourceFiles(sourceRoot, dir))) {
		const output = builtPath(source);
		if (output) built.set(output, source);
	}
	const icons = iconReferences(packageDir, packed);

	const unexpected = packed
		.filter((file) => !TOP_LEVEL.has(file) && !built.has(file) && !icons.has(file))
		.map((file) => {
			if (file.endsWith('.map')) return `${file}: a source map (its sources are not shipped)`;
			if (file.endsWith('.d.ts')) return `${file}: a type declaration (nothing imports this package's types)`;
			if (file.startsWith('dist/nodes/') || file.startsWith('dist/credentials/')) {
				return `${file}: built from no current source file (stale output of a renamed or deleted file?)`;
			}
			if (file.startsWith('dist/icons/')) return `${file}: an icon no shipped node or credential uses`;
			return `${file}: not part of the shipped package (tool or development file)`;
		});

	const missing: string[] = [];
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		if (!inPack.has(file)) missing.push(`${file}: listed in package.json "n8n" but not packed`);
	}
	for (const node of pkg.n8n.nodes) {
		const codex = node.replace(/\.js$/, '.json');
		if (!inPack.has(codex)) missing.push(`${codex}: the codex file of ${node} is not packed`);
	}
	for (const [output, source] of built) {
		if (!inPack.has(output)) missing.push(`${output}: the build of ${source} is not packed`);
	}
	for (const [icon, user] of icons) {
		if (!inPack.has(icon)) missing.push(`${icon}: the icon ${user} refers to is not packed`);
	}
	for (const file of TOP_LEVEL) {
		if (!inPack.has(file)) missing.push(`${file}: not packed`);
	}
	return { unexpected, missing };
}
