// End-to-end check against a real n8n (`npm run test:e2e`). Separate from the unit tests' config:
// its files are named *.e2e.ts so `jest` (unit) never picks them up, it runs one file at a time,
// and its time-outs allow for installing n8n once (~6 minutes) and for one-minute poll schedules.
const path = require('path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	// Installing n8n is done once in globalSetup; this covers booting n8n a few times and waiting
	// for a scheduled poll on a slow shared machine.
	testTimeout: 10 * 60_000,
	slowTestThreshold: 120,
};
