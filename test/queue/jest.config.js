// n8n in queue mode (`npm run test:queue`): PostgreSQL, Redis, one main and two workers. Separate from
// the unit tests' config like test/e2e: its file is named *.queue.ts so `jest` never picks it up,
// its cases run in order on one cluster, and its time-outs allow for n8n's stalled-job detection.
const path = require('path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	// Installs the cached n8n once, before any time-out counts (shared with test:e2e).
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 6 * 60_000,
	slowTestThreshold: 120,
};
