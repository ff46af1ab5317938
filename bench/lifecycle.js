'use strict';
// The run/cleanup/exit lifecycle shared by the bench scripts: whatever happens (success,
// failure, Ctrl-C), every server, temp file and schema they registered is removed.

const cleanups = [];
let shuttingDown = false;

/** Registers work to undo on exit, run last-registered first. */
function onCleanup(cleanup) {
  cleanups.push(cleanup);
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  const forced = setTimeout(() => process.exit(code || 1), 20_000);
  forced.unref();
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup: ${error.message}\n`);
    }
  }
  process.exit(code);
}

/** Runs `main` (resolving to an exit code) and cleans up on exit, failure or a signal. */
function runBench(name, main) {
  main().then(
    (code) => shutdown(code),
    (error) => {
      process.stderr.write(`${name} failed: ${error.stack || error.message}\n`);
      shutdown(1);
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping the server and removing temp data\n`);
      shutdown(130);
    });
  }
}

/** A bad command-line argument: the message, exit 2. */
function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

module.exports = { onCleanup, runBench, fail };
