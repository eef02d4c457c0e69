const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// tsc compiles the TypeScript; the icons and the codex files (*.node.json, read by n8n beside
// each node) are not imported by any code, so they are copied here.
function copyIcons() {
	return src(path.resolve('icons', '**', '*.svg'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'icons')),
	);
}

function copyCodex() {
	return src(path.resolve('nodes', '**', '*.node.json')).pipe(dest(path.resolve('dist', 'nodes')));
}

task('build:icons', parallel(copyIcons, copyCodex));
