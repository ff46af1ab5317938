#!/usr/bin/env node
// `npm start` runs this first: it builds only when dist/ is missing or older than a source file,
// so a restart of an unchanged install costs nothing and needs no devDependency.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUTPUTS = ['dist/apps/api/src/main.js', 'dist/apps/cli/src/main.js', 'dist/apps/worker/src/main.js', 'dist/web/index.html'];
const SOURCES = ['apps', 'libs', 'packages/client/src/schema.d.ts', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
// The Settings app (apps/web) is built from these too.
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.json', '.css', '.html'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return SOURCE_EXTENSIONS.some((extension) => path.endsWith(extension)) ? stat.mtimeMs : 0;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

function staleReason() {
  const missing = OUTPUTS.find((output) => !existsSync(join(ROOT, output)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((output) => statSync(join(ROOT, output)).mtimeMs));
  const source = Math.max(...SOURCES.filter((path) => existsSync(join(ROOT, path))).map((path) => newestMtime(join(ROOT, path))));
  return source > built ? 'sources changed since the last build' : undefined;
}

const reason = staleReason();
if (reason) {
  if (!existsSync(join(ROOT, 'node_modules/.bin/nest'))) {
    process.stderr.write(`Relay is not built (${reason}) and the build tools are not installed: run \`npm ci && npm run build\` first\n`);
    process.exit(1);
  }
  process.stderr.write(`Building Relay (${reason})…\n`);
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  process.exit(build.status ?? 1);
}
