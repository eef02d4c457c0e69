// `node -r ./tools/harness/tsRequireHook.js ...` lets a plain Node child process require this
// repository's TypeScript files: each is transpiled on load (no type check) with the same
// TypeScript the project builds with. Used where a test needs a fresh process, e.g. to set TZ
// before anything reads the clock.
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
		},
	});
	module._compile(outputText, filename);
};
