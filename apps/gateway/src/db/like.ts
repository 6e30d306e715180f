import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * `%text%` with the user's own % and _ taken literally. The matching `contains` declares the escape
 * character: PostgreSQL defaults to backslash, SQLite has no default, so without ESCAPE a search for
 * "ann_lee" never matched on SQLite.
 */
export function containsPattern(text: string, { anchorEnd = false } = {}): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}${anchorEnd ? '' : '%'}`;
}

/** `value LIKE pattern ESCAPE '\'` on both engines. */
export function likes(value: Expression<string | null>, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${value} like ${pattern} escape '\\'`;
}
