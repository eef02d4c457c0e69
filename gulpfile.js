const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

function copyIcons() {
	return src(path.resolve('icons', '**', '*.svg'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'icons')),
	);
}
