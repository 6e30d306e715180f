import { describe, expect, it } from 'vitest';
import {
  filtersHref,
  hasFilters,
  matchesFilters,
  noFilters,
  parseFilters,
  toGraphQLFilter,
} from './connected-emails-filters';

describe('Connected emails filters', () => {
  it('reads the URL query, dropping what it does not know', () => {
    const filters = parseFilters(
      new URLSearchParams(
        'status=error,RETRYING,bogus&provider=imap&domain=@Acme.COM&q=%20ada%20&user=u1',
      ),
    );
    expect(filters).toEqual({
      statuses: ['RETRYING', 'ERROR'],
      provider: 'IMAP',
      domain: 'acme.com',
      search: 'ada',
      userId: 'u1',
    });
    expect(parseFilters(new URLSearchParams('provider=POP3'))).toEqual(noFilters);
    expect(parseFilters(new URLSearchParams('status=ERROR&status=DISABLED')).statuses).toEqual([
      'ERROR',
      'DISABLED',
    ]);
  });

  it('writes the filters back to a readable URL that reads the same', () => {
    const filters = {
      statuses: ['RETRYING', 'ERROR'] as const,
      provider: 'IMAP' as const,
      domain: 'acme.com',
      search: 'ada lovelace',
      userId: '',
    };
    const href = filtersHref('/connected-emails', { ...filters, statuses: [...filters.statuses] });
    expect(href).toBe(
      '/connected-emails?status=RETRYING,ERROR&provider=IMAP&domain=acme.com&q=ada+lovelace',
    );
    expect(parseFilters(new URL(href, 'http://x').searchParams)).toEqual({
      ...filters,
      statuses: ['RETRYING', 'ERROR'],
    });
    expect(filtersHref('/connected-emails', noFilters)).toBe('/connected-emails');
  });

  it('sends only the filters that are set', () => {
    expect(toGraphQLFilter(noFilters)).toBeNull();
    expect(hasFilters({ ...noFilters, search: '   ' })).toBe(false);
    expect(
      toGraphQLFilter({ ...noFilters, statuses: ['NEEDS_REAUTH'], domain: ' @Acme.com' }),
    ).toEqual({ status: ['NEEDS_REAUTH'], domain: 'acme.com' });
    expect(
      toGraphQLFilter({ ...noFilters, provider: 'EXCHANGE', userId: 'u1', search: 'x' }),
    ).toEqual({ provider: ['EXCHANGE'], userId: 'u1', search: 'x' });
  });

  it('tells whether a pushed connection belongs under the filters, as the gateway decides', () => {
    const connection = {
      email: 'ada@acme.com',
      status: 'RETRYING' as const,
      provider: 'IMAP' as const,
      owner: { id: 'u1', email: 'ada.owner@corp.example' },
    };
    expect(matchesFilters(noFilters, connection)).toBe(true);
    expect(matchesFilters({ ...noFilters, statuses: ['RETRYING', 'ERROR'] }, connection)).toBe(
      true,
    );
    expect(matchesFilters({ ...noFilters, statuses: ['CONNECTED'] }, connection)).toBe(false);
    expect(matchesFilters({ ...noFilters, provider: 'GMAIL' }, connection)).toBe(false);
    expect(matchesFilters({ ...noFilters, domain: 'ACME.com' }, connection)).toBe(true);
    expect(matchesFilters({ ...noFilters, domain: 'cme.com' }, connection)).toBe(false);
    expect(matchesFilters({ ...noFilters, search: 'OWNER@corp' }, connection)).toBe(true);
    expect(matchesFilters({ ...noFilters, search: 'bob' }, connection)).toBe(false);
    expect(matchesFilters({ ...noFilters, userId: 'u2' }, connection)).toBe(false);
  });
});
