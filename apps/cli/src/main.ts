#!/usr/bin/env node
import 'reflect-metadata';
import { CliError } from './cli-error';
import { buildProgram } from './program';

// Usage errors, --help and --version are answered by commander itself (one message, exit code);
// what a command's action throws ends here: a known failure as its line, anything else too,
// never as a stack trace.
const program = buildProgram();
// No arguments at all: the help, as `relay --help` prints it (commander would call it an error).
if (process.argv.length <= 2) program.help();
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof CliError ? error.message : `error: ${(error as Error).message ?? String(error)}`}\n`);
  process.exit(1);
});
