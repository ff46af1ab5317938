import { Command } from 'commander';
import { version } from '../../../package.json';
import { apiKeyCreateCommand } from './commands/api-key-create.command';
import { databaseCommands } from './commands/database.command';
import { seedDemoCommand } from './commands/seed-demo.command';
import { userCreateCommand } from './commands/user-create.command';
import { userSetPasswordCommand } from './commands/user-set-password.command';
import { workspaceCreateCommand } from './commands/workspace-create.command';

/**
 * `relay`: the arguments are read and checked here, with nothing else loaded; a command's action
 * loads the application (or a plain database connection) only once they are valid, so help,
 * the version and usage errors answer at once.
 */
export function buildProgram(): Command {
  const program = new Command('relay')
    .description("Relay admin commands. They use the server's configuration (environment and .env); each prints one JSON object on stdout.")
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', "print this help (`relay <command> --help` for a command's options)")
    .option('--env-file <path>', 'read the configuration from this file as well as the environment (default: ./.env if present)')
    .addHelpCommand(false)
    .showSuggestionAfterError();
  for (const command of [
    workspaceCreateCommand(),
    userCreateCommand(),
    userSetPasswordCommand(),
    apiKeyCreateCommand(),
    seedDemoCommand(),
    ...databaseCommands(),
  ]) {
    // A command's own help mentions --env-file too: it is read wherever it appears.
    program.addCommand(command.option('--env-file <path>', 'read the configuration from this file as well as the environment'));
  }
  return program;
}
