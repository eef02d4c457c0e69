// Runs the lint half of n8n's community-package scanner (@n8n/scan-community-package) offline,
// through the scanner's own exported functions, so its ESLint config, its plugin versions, its
// file patterns and its `allowInlineConfig: false` are exactly those of `npx
// @n8n/scan-community-package`. A separate Node process because the scanner is an ES module that
// jest's CommonJS runtime cannot import.
//
// Input (argv[2]): JSON {"packageName": "...", "jobs": [{"dir": "...", "leg": "source"|"tarball"}]}
// Output (stdout): JSON {"packageRoot": "...", "results": [{"passed", "message", "details"}]}
import {
	analyzePackage,
	findPackageRoot,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// The two legs of `analyzePackageByName`: the attested source checkout with SOURCE_FILE_PATTERNS,
// and the extracted tarball with these patterns (copied from the scanner, which inlines them).
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const { packageName, jobs } = JSON.parse(process.argv[2]);
const results = [];
let packageRoot = null;
for (const job of jobs) {
	if (job.leg === 'source' && packageRoot === null) {
		// How the scanner finds the package inside the downloaded source of the attested commit.
		packageRoot = findPackageRoot(job.dir, packageName);
	}
	const patterns = job.leg === 'source' ? SOURCE_FILE_PATTERNS : TARBALL_FILE_PATTERNS;
	const { passed, message, details } = await analyzePackage(job.dir, patterns);
	results.push({ passed, message: message ?? null, details: details ?? null });
}
process.stdout.write(JSON.stringify({ packageRoot, results }));
