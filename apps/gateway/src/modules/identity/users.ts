import { parseEmailAddress } from '@inlet/providers';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Role, Seat, UserRow } from '../../db/tables/user.table.js';
import type { FieldProblem } from '../../validation.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.js';

export interface NewUser {
  email: string;
  name: string;
  /** Null: the user sets it through a password link (password-links.ts) before they can sign in. */
  password: string | null;
  role: Role;
  seat: Seat;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function validateNewUser(input: NewUser): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!parseEmailAddress(input.email).ok) {
    problems.push({ field: 'email', message: 'Enter an email address such as jane@example.com.' });
  }
  if (input.name.trim().length === 0 || input.name.length > 200) {
    problems.push({ field: 'name', message: 'Enter a name of 1 to 200 characters.' });
  }
  if (input.password !== null && input.password.length < MIN_PASSWORD_LENGTH) {
    problems.push({
      field: 'password',
      message: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
  return problems;
}

export function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
}

/** Inserts a validated user; returns a field problem when the email is taken. */
export async function insertUser(
  db: Kysely<Database>,
  input: NewUser,
): Promise<UserRow | FieldProblem> {
  if (await findUserByEmail(db, input.email)) {
    return { field: 'email', message: 'A user with this email already exists.' };
  }
  const now = new Date().toISOString();
  const row: UserRow = {
    id: randomUUID(),
    email: normalizeEmail(input.email),
    name: input.name.trim(),
    role: input.role,
    seat: input.seat,
    password_hash: input.password === null ? null : await hashPassword(input.password),
    created_at: now,
    updated_at: now,
    deactivated_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
