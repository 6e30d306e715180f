import { Badge, VisuallyHidden } from '@inlet/ui';
import type { MouseEvent } from 'react';
import { MailServerList } from '@/components/server-list';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { formatDateTime } from '@/lib/format-date';
import { kindLabels, usageLabels } from './domain-settings-labels';
import { SavedDomainSettings_Fragment } from './saved-domain-settings';
import { EmailAddress } from '@/components/email-address';

export const DomainSettingsRow_DomainSettingsFragment = graphql(`
  fragment DomainSettingsRow_DomainSettingsFragment on DomainSettings {
    id
    ...SavedDomainSettings_Fragment
    updatedAt
    updatedBy {
      id
      name
    }
  }
`);

export interface DomainSettingsRowProps {
  settings: FragmentType<typeof DomainSettingsRow_DomainSettingsFragment>;
  onEdit(domain: string): void;
}

export function DomainSettingsRow({ settings: settingsRef, onEdit }: DomainSettingsRowProps) {
  const row = getFragmentData(DomainSettingsRow_DomainSettingsFragment, settingsRef);
  const settings = getFragmentData(SavedDomainSettings_Fragment, row);
  // The whole row opens the editor for mouse users; keyboard and screen-reader users get the domain button.
  const onRowClick = (event: MouseEvent<HTMLTableRowElement>) => {
    if (event.target instanceof Element && event.target.closest('button, a')) return;
    if (window.getSelection()?.toString()) return;
    onEdit(settings.domain);
  };
  return (
    <tr className="data-table__row data-table__row--clickable" onClick={onRowClick}>
      <th scope="row">
        <button type="button" className="link-button" onClick={() => onEdit(settings.domain)}>
          <VisuallyHidden>Edit </VisuallyHidden>
          <EmailAddress address={settings.domain} />
        </button>
      </th>
      <td data-label="Kind">
        <Badge tone={settings.kind === 'IMAP' ? 'info' : 'neutral'}>
          {kindLabels[settings.kind]}
        </Badge>
      </td>
      <td data-label="Servers">
        {settings.imap && (
          <MailServerList
            imap={{
              host: settings.imap.imapHost,
              port: settings.imap.imapPort,
              security: settings.imap.imapSecurity,
            }}
            smtp={{
              host: settings.imap.smtpHost,
              port: settings.imap.smtpPort,
              security: settings.imap.smtpSecurity,
            }}
          >
            {settings.imap.allowInsecureCertificate && (
              <li>
                <Badge tone="warning">Non-secure certificate allowed</Badge>
              </li>
            )}
            {settings.imap.allowLegacyTls && (
              <li>
                <Badge tone="warning">Legacy TLS 1.0/1.1 allowed</Badge>
              </li>
            )}
          </MailServerList>
        )}
        {settings.exchange && (
          <ul className="server-list">
            <li>
              <span className="server-list__role">EWS</span>
              <code className="server-list__url">{settings.exchange.exchangeUrl}</code>
            </li>
            <li>
              <span className="server-list__meta">{usageLabels[settings.exchange.usage]}</span>
            </li>
          </ul>
        )}
      </td>
      <td className="data-table__updated" data-label="Updated">
        <time dateTime={row.updatedAt}>{formatDateTime(row.updatedAt)}</time>
        {row.updatedBy && <span className="data-table__by">by {row.updatedBy.name}</span>}
      </td>
    </tr>
  );
}
