/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// One temporary root for the run; env.ts gives each test file its own N8N_USER_FOLDER in it.
	globalSetup: '<rootDir>/tools/harness/globalSetup.ts',
	globalTeardown: '<rootDir>/tools/harness/globalTeardown.ts',
	setupFiles: ['<rootDir>/tools/harness/env.ts'],
	// Fails a test file whose n8n logs contain a password it signed with.
	setupFilesAfterEnv: ['<rootDir>/test/reliability/support/secretScan.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 30000,
};
