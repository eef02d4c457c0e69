// CHANGELOG.md and package.json's version tell the same story, and a release tag matches both.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { readPackageJson, REPO_ROOT } from './support/package';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const changelog = readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
const headings = [...changelog.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((match) => ({
	label: match[1],
	rest: match[2],
}));
const released = headings.filter((heading) => heading.label !== 'Unreleased');
const { version } = readPackageJson();

/** Semantic-version precedence (pre-releases before their release, compared field by field). */
function compare(a: string, b: string): number {
	const [, ...pa] = SEMVER.exec(a) ?? [];
	const [, ...pb] = SEMVER.exec(b) ?? [];
	for (let i = 0; i < 3; i++) if (Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
	if (pa[3] === pb[3]) return 0;
	if (pa[3] === undefined) return 1;
	if (pb[3] === undefined) return -1;
	return pa[3] < pb[3] ? -1 : 1;
}

test('starts with an Unreleased section for changes not yet released', () => {
	expect(headings[0]?.label).toBe('Unreleased');
	expect(headings.filter((heading) => heading.label === 'Unreleased')).toHaveLength(1);
});

test('gives every release a semantic version and a date, newest first', () => {
	expect(released.length).toBeGreaterThan(0);
	for (const { label, rest } of released) {
		expect(label).toMatch(SEMVER);
		expect(rest).toMatch(/^ - \d{4}-\d{2}-\d{2}$/);
	}
	const versions = released.map((heading) => heading.label);
	expect([...versions].sort((a, b) => compare(b, a))).toEqual(versions);
	expect(new Set(versions).size).toBe(versions.length);
});

test("has a section for package.json's version, the newest one", () => {
	expect(version).toMatch(SEMVER);
	expect(released[0]?.label).toBe(version);
});

// publish.yml passes the pushed tag; elsewhere there is no tag to check.
const tag = process.env.RELEASE_TAG;
(tag ? test : test.skip)('matches the release tag being published', () => {
	expect(tag?.replace(/^v/, '')).toBe(version);
});
