import { Button, CheckboxGroup, Select, TextField } from '@inlet/ui';
import { useEffect, useRef, useState } from 'react';
import { SearchField } from '@/components/search-field';
import type { ProviderKind } from '@/gql/graphql';
import {
  connectionStatuses,
  providerKinds,
  providerLabels,
  statusLabels,
} from '@/lib/connection-labels';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { hasFilters, noFilters, type ConnectedEmailsFilters } from './connected-emails-filters';

const statusOptions = connectionStatuses.map((status) => ({
  value: status,
  label: statusLabels[status].label,
}));
const providerOptions: { value: ProviderKind | ''; label: string }[] = [
  { value: '', label: 'Any provider' },
  ...providerKinds.map((kind) => ({ value: kind, label: providerLabels[kind] })),
];

export interface ConnectedEmailsFiltersBarProps {
  filters: ConnectedEmailsFilters;
  onChange(filters: ConnectedEmailsFilters): void;
  /** Who the owner filter shows, for example "Ada Lovelace (ada@acme.com)"; null when it is not known on screen. */
  ownerLabel: string | null;
}

/**
 * A text field's value while typing, sent on once typing pauses. It follows the URL when the URL
 * changes for another reason (Clear filters, a link), without undoing keys typed since the last send.
 */
function useTypedFilter(
  fromUrl: string,
  send: (value: string) => void,
): [string, (value: string) => void] {
  const [text, setText] = useState(fromUrl);
  const debounced = useDebouncedValue(text.trim(), 300);
  const sent = useRef(fromUrl);
  const sendRef = useRef(send);
  useEffect(() => {
    sendRef.current = send;
  });
  useEffect(() => {
    if (debounced === sent.current) return;
    sent.current = debounced;
    sendRef.current(debounced);
  }, [debounced]);
  useEffect(() => {
    if (fromUrl === sent.current) return;
    sent.current = fromUrl;
    setText(fromUrl);
  }, [fromUrl]);
  return [text, setText];
}

/** Search, domain, provider and status filters; every change lands in the URL query. */
export function ConnectedEmailsFiltersBar({
  filters,
  onChange,
  ownerLabel,
}: ConnectedEmailsFiltersBarProps) {
  // Typing changes the list after a pause; the latest filters are read when the pause ends.
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  });
  const [search, setSearch] = useTypedFilter(filters.search, (value) =>
    onChange({ ...latest.current, search: value }),
  );
  const [domain, setDomain] = useTypedFilter(filters.domain, (value) =>
    onChange({ ...latest.current, domain: value }),
  );

  return (
    <form
      role="search"
      aria-label="Filter connections"
      className="health-filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <SearchField
        label="Search"
        placeholder="Inbox or owner address"
        className="health-filters__search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <TextField
        label="Domain"
        placeholder="acme.com"
        className="health-filters__domain"
        value={domain}
        onChange={(event) => setDomain(event.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      <Select
        label="Provider"
        className="health-filters__provider"
        options={providerOptions}
        value={filters.provider}
        onChange={(provider) => onChange({ ...filters, provider })}
      />
      <CheckboxGroup
        legend="Status"
        variant="chips"
        className="health-filters__status"
        options={statusOptions}
        value={filters.statuses}
        onChange={(statuses) => onChange({ ...filters, statuses })}
      />
      {(filters.userId || hasFilters(filters)) && (
        <div className="health-filters__active">
          {filters.userId && (
            <span className="health-filters__owner">
              Owner: {ownerLabel ?? 'one person'}
              <Button
                size="sm"
                variant="ghost"
                onClick={() => onChange({ ...filters, userId: '' })}
              >
                Show every owner
              </Button>
            </span>
          )}
          <Button
            size="sm"
            onClick={() => {
              setSearch('');
              setDomain('');
              onChange(noFilters);
            }}
          >
            Clear filters
          </Button>
        </div>
      )}
    </form>
  );
}
