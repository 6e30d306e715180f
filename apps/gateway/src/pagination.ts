import { gatewayError } from './errors.js';

export const MAX_PAGE_SIZE = 200;

export function pageSize(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw gatewayError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return n;
}

/** Cursors are opaque to clients: base64url of the sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  return cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
}
