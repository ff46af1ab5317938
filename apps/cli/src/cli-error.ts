/** A failure the CLI reports as its one line on stderr (then exit 1), never as a stack trace. */
export class CliError extends Error {}
