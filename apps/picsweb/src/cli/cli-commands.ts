import { INestApplicationContext } from '@nestjs/common';
import { Role, SecretRotation } from '@picsweb/common';
import { OrganisationsService } from '../organisations/organisations.service';
import { UsersService } from '../users/users.service';

export const CLI_USAGE = `Usage: npm run cli -- [--demo] <command>
  create-organisation "<name>"                 make an organisation; prints its id
  create-user <email> --role admin|staff|support [--organisation <id>]
                                               make a user; the password is read from standard input
  list-organisations                           one line each: id, name, licences
  rotate-secrets                               re-encrypt every stored secret with the active key
  --demo works on the demo's database under data/ instead of DATABASE_URL.`;

export class CliUsageError extends Error {}

export interface CliIo {
  readStdin(): Promise<string>;
  out(line: string): void;
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new CliUsageError(`${name} needs a value.`);
  return value;
}

/** Runs one command against a started application context. */
export async function runCliCommand(app: INestApplicationContext, args: string[], io: CliIo): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'create-organisation': {
      const name = rest.join(' ').trim();
      if (!name) throw new CliUsageError('create-organisation needs a name, e.g. create-organisation "Northfield College".');
      const organisation = await app.get(OrganisationsService).create(name);
      io.out(organisation.id);
      return;
    }
    case 'create-user': {
      const email = rest[0];
      const role = option(rest, '--role');
      if (!email || email.startsWith('--') || !role) throw new CliUsageError('create-user needs an email and --role admin|staff|support.');
      const password = (await io.readStdin()).replace(/\r?\n$/, '');
      const user = await app.get(UsersService).create({
        email,
        password,
        role: role as Role,
        organisationId: option(rest, '--organisation') ?? null,
      });
      io.out(`${user.id} ${user.email} ${user.role}`);
      return;
    }
    case 'list-organisations': {
      for (const organisation of await app.get(OrganisationsService).list()) {
        const licences = Object.entries(organisation.licences).filter(([, on]) => on).map(([name]) => name);
        io.out(`${organisation.id}\t${organisation.name}\t${licences.join(',') || '-'}`);
      }
      return;
    }
    case 'rotate-secrets': {
      const report = await app.get(SecretRotation).rotateAll();
      for (const [holder, count] of Object.entries(report)) io.out(`${holder}: ${count} re-encrypted`);
      io.out('Every secret is now under the active key; older keys may leave BKSB_ENCRYPTION_KEYS.');
      return;
    }
    default:
      throw new CliUsageError(command ? `Unknown command "${command}".` : 'No command given.');
  }
}
