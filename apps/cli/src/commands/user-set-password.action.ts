import { InvitesService } from '@relay/sessions';
import { CliError } from '../cli-error';
import { withApp } from '../cli-app';
import { printJson } from './output';
import type { UserSetPasswordOptions } from './user-set-password.command';

export async function setPassword(options: UserSetPasswordOptions): Promise<void> {
  const password = await readPassword();
  const user = await withApp((app) => app.get(InvitesService).setPassword(options.email, password, options.workspaceId));
  printJson({ workspace_id: user.workspaceId, user_id: user.id, email: user.email, password_set: true });
}

/** All of standard input, less the one line ending `echo` or a terminal adds. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError('error: pipe the password on standard input, e.g. `printf %s "$PASSWORD" | relay user:set-password --email …`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
