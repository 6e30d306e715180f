import type { ReactNode } from 'react';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { MailSecurity } from '@/gql/graphql';
import { securityLabels } from '@/lib/mail-security';

export const ConnectionServerList_SettingsFragment = graphql(`
  fragment ConnectionServerList_SettingsFragment on ImapConnectionSettings {
    imap {
      host
      port
      security
    }
    smtp {
      host
      port
      security
    }
  }
`);

export interface ServerEndpoint {
  host: string;
  port: number;
  security: MailSecurity;
}

/** The incoming and outgoing servers, one line each: role, host:port and encryption. `children` add lines. */
export function MailServerList({
  imap,
  smtp,
  children,
}: {
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  children?: ReactNode;
}) {
  return (
    <ul className="server-list">
      <ServerLine role="IMAP" server={imap} />
      <ServerLine role="SMTP" server={smtp} />
      {children}
    </ul>
  );
}

function ServerLine({ role, server }: { role: string; server: ServerEndpoint }) {
  return (
    <li>
      <span className="server-list__role">{role}</span>
      <code>
        {server.host}:{server.port}
      </code>
      <span className="server-list__meta">{securityLabels[server.security]}</span>
    </li>
  );
}

/** The servers of an IMAP connection. */
export function ConnectionServerList({
  settings,
  children,
}: {
  settings: FragmentType<typeof ConnectionServerList_SettingsFragment>;
  children?: ReactNode;
}) {
  const { imap, smtp } = getFragmentData(ConnectionServerList_SettingsFragment, settings);
  return (
    <MailServerList imap={imap} smtp={smtp}>
      {children}
    </MailServerList>
  );
}
