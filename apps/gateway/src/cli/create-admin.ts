import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/database.js';
import { loadCreateAdminConfig } from '../env.js';
import { insertUser, validateNewUser, type NewUser } from '../modules/identity/users.js';

/**
 * npm run create-admin -- --email you@example.com [--name "Your Name"]
 * The password is read from INLET_ADMIN_PASSWORD or asked for (so it stays out of shell history).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email) throw new Error('Pass --email you@example.com');
  const loaded = loadCreateAdminConfig();
  const { config } = loaded;
  const password = loaded.password ?? (await ask('Password for the new super admin: '));
  const user: NewUser = {
    email: values.email,
    name: values.name ?? values.email.split('@')[0]!,
    password,
    role: 'SUPER_ADMIN',
    seat: 'FULL',
  };
  const problems = validateNewUser(user);
  if (problems.length > 0)
    throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));

  const { db } = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const created = await insertUser(db, user);
    if (!('id' in created)) throw new Error(`${created.field}: ${created.message}`);
    console.log(
      `Created super admin ${created.email}. Sign in at the console with this email and password.`,
    );
  } finally {
    await db.destroy();
  }
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
