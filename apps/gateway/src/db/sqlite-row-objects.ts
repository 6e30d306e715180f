import type SQLite from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

type RowBuilder = (values: readonly unknown[]) => Record<string, unknown>;

/** Statements that can change a table's columns; a reading statement's columns are looked up again after one ran. */
const CHANGES_SCHEMA = /^\s*(create|alter|drop)\s/i;

/**
 * Statements whose rows are objects built here from better-sqlite3's raw value arrays. better-sqlite3
 * builds each row object column by column through V8's C++ API: on the connectedEmails page (51 rows of
 * 13 columns) that was a quarter of the query's time, and an object literal of the statement's columns,
 * compiled once per statement, builds the same objects for a fraction of it (issue #15). The same keys
 * in the same order; a column name that repeats keeps its last value, as in better-sqlite3's objects.
 *
 * A statement's columns are read once, and again after this connection ran DDL or when a row's width
 * differs (SQLite prepares a statement again by itself after a schema change, so `select *` can grow).
 * One connection per instance: its statements run one at a time.
 */
export function sqliteRowObjects() {
  let schemaGeneration = 0;
  return (statement: SQLite.Statement, sql: string): SqliteStatement => {
    if (!statement.reader) {
      if (!CHANGES_SCHEMA.test(sql)) return statement;
      return {
        reader: false,
        all: (parameters) => statement.all(parameters),
        iterate: (parameters) => statement.iterate(parameters),
        run(parameters) {
          try {
            return statement.run(parameters);
          } finally {
            schemaGeneration += 1;
          }
        },
      };
    }
    statement.raw(true);
    let build: RowBuilder | undefined;
    let width = -1;
    let builtAt = -1;
    const objectOf = (values: unknown[]): Record<string, unknown> => {
      if (!build || builtAt !== schemaGeneration || values.length !== width) {
        const names = statement.columns().map((c) => c.name);
        build = rowBuilder(names);
        width = names.length;
        builtAt = schemaGeneration;
      }
      return build(values);
    };
    return {
      reader: true,
      all(parameters) {
        const rows = statement.all(parameters) as unknown[];
        for (let i = 0; i < rows.length; i++) rows[i] = objectOf(rows[i] as unknown[]);
        return rows;
      },
      run: (parameters) => statement.run(parameters),
      *iterate(parameters) {
        for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>)
          yield objectOf(values);
      },
    };
  };
}

/**
 * `values => ({ "a": values[0], "b": values[1] })` for these column names (JSON string literals, so any
 * name is safe). A column named `__proto__` would set the prototype in a literal: such rows are built
 * property by property instead.
 */
function rowBuilder(names: readonly string[]): RowBuilder {
  if (names.includes('__proto__'))
    return (values) => {
      const row: Record<string, unknown> = {};
      names.forEach((name, i) => Object.defineProperty(row, name, { value: values[i], writable: true, enumerable: true, configurable: true })); // prettier-ignore
      return row;
    };
  const literal = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ');
  return new Function('values', `return { ${literal} };`) as RowBuilder;
}
