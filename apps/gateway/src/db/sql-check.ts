import { sql, type Expression, type SqlBool } from 'kysely';

/** A CHECK expression `column in ('A', 'B')` that both SQLite and PostgreSQL accept. */
export function oneOf(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
