// The browser check (`npm run test:ui`): Chromium drives the editor of a real n8n as a first-time user
// would. Separate from the unit tests' config (files named *.ui.ts); one file, one browser, and
// time-outs for a shared 2-core machine.
const path = require('path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.ts'],
	globalSetup: '<rootDir>/test/ui/globalSetup.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	slowTestThreshold: 60,
};
