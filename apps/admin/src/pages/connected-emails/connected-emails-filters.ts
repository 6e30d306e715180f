import type { ConnectedEmailsFilter, ConnectionStatus, ProviderKind } from '@/gql/graphql';
import { connectionStatuses, providerKinds } from '@/lib/connection-labels';

/** The filters of the Connected emails list, as the URL query keeps them (shareable, survives a reload). */
export interface ConnectedEmailsFilters {
  statuses: ConnectionStatus[];
  provider: ProviderKind | '';
  /** Email domain, for example acme.com. */
  domain: string;
  /** Part of the inbox's or its owner's address. */
  search: string;
  /** One owner's connections (set from a connection's details). */
  userId: string;
}

export const noFilters: ConnectedEmailsFilters = {
  statuses: [],
  provider: '',
  domain: '',
  search: '',
  userId: '',
};

const statusSet = new Set<string>(connectionStatuses);
const providerSet = new Set<string>(providerKinds);

function isStatus(value: string): value is ConnectionStatus {
  return statusSet.has(value);
}

function isProvider(value: string): value is ProviderKind {
  return providerSet.has(value);
}

/** "@Acme.COM " -> "acme.com". */
export function normaliseDomain(domain: string): string {
  return domain.trim().replace(/^@+/, '').toLowerCase();
}

/** Reads ?status=RETRYING,ERROR&provider=IMAP&domain=acme.com&q=ada&user=<id>; unknown values are dropped. */
export function parseFilters(search: URLSearchParams): ConnectedEmailsFilters {
  const statuses = new Set(
    search
      .getAll('status')
      .flatMap((s) => s.split(','))
      .map((s) => s.trim().toUpperCase())
      .filter(isStatus),
  );
  const provider = (search.get('provider') ?? '').trim().toUpperCase();
  return {
    statuses: connectionStatuses.filter((s) => statuses.has(s)),
    provider: isProvider(provider) ? provider : '',
    domain: normaliseDomain(search.get('domain') ?? ''),
    search: (search.get('q') ?? '').trim(),
    userId: (search.get('user') ?? '').trim(),
  };
}

/** The page's URL for these filters: the path alone when none is set. */
export function filtersHref(path: string, filters: ConnectedEmailsFilters): string {
  const params = new URLSearchParams();
  if (filters.statuses.length > 0) params.set('status', filters.statuses.join(','));
  if (filters.provider) params.set('provider', filters.provider);
  const domain = normaliseDomain(filters.domain);
  if (domain) params.set('domain', domain);
  if (filters.search.trim()) params.set('q', filters.search.trim());
  if (filters.userId) params.set('user', filters.userId);
  const query = params.toString().replaceAll('%2C', ',');
  return query ? `${path}?${query}` : path;
}

export function hasFilters(filters: ConnectedEmailsFilters): boolean {
  return toGraphQLFilter(filters) !== null;
}

/** The API's filter, or null for "everything". */
export function toGraphQLFilter(filters: ConnectedEmailsFilters): ConnectedEmailsFilter | null {
  const filter: ConnectedEmailsFilter = {};
  if (filters.statuses.length > 0) filter.status = [...filters.statuses];
  if (filters.provider) filter.provider = [filters.provider];
  const domain = normaliseDomain(filters.domain);
  if (domain) filter.domain = domain;
  if (filters.search.trim()) filter.search = filters.search.trim();
  if (filters.userId) filter.userId = filters.userId;
  return Object.keys(filter).length > 0 ? filter : null;
}

/** A connection as far as the filters look at it. */
export interface FilterableConnection {
  email: string;
  status: ConnectionStatus;
  provider: ProviderKind;
  owner: { id: string; email: string };
}

/**
 * Whether the gateway would list this connection under these filters (the same rules as
 * connectedEmails), so a pushed change can tell if it belongs in the list on screen.
 */
export function matchesFilters(
  filters: ConnectedEmailsFilters,
  connection: FilterableConnection,
): boolean {
  if (filters.statuses.length > 0 && !filters.statuses.includes(connection.status)) return false;
  if (filters.provider && filters.provider !== connection.provider) return false;
  const domain = normaliseDomain(filters.domain);
  if (domain && !connection.email.toLowerCase().endsWith(`@${domain}`)) return false;
  if (filters.userId && filters.userId !== connection.owner.id) return false;
  const search = filters.search.trim().toLowerCase();
  if (
    search &&
    !connection.email.toLowerCase().includes(search) &&
    !connection.owner.email.toLowerCase().includes(search)
  )
    return false;
  return true;
}
