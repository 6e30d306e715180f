import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/** How many rows of `table` have `column` = `value`: what a test asserts was written, kept or removed. */
export async function rowCount<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  column: keyof Database[T] & string,
  value: string,
): Promise<number> {
  // Kysely cannot type a query over a table chosen at run time; the parameters above keep it to real columns.
  const { n } = await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
    .selectFrom(table as string)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(column as string, '=', value)
    .executeTakeFirstOrThrow();
  return Number(n);
}
