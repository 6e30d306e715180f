import type { ReactNode } from 'react';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { MailSecurity } from '@/gql/graphql';
import { securityLabels } from '@/lib/mail-security';

/** One server's host, port and security: what every list and form of mail servers reads. */
export const ServerList_EndpointFragment = graphql(`
  fragment ServerList_EndpointFragment on ServerEndpoint {
    host
    port
    security
  }
`);

export const ConnectionServerList_SettingsFragment = graphql(`
  fragment ConnectionServerList_SettingsFragment on ImapConnectionSettings {
    imap {
      ...ServerList_EndpointFragment
    }
    smtp {
      ...ServerList_EndpointFragment
    }
  }
`);

/** A server endpoint read from its fragment. */
export function endpointOf(
  ref: FragmentType<typeof ServerList_EndpointFragment> | null | undefined,
): ServerEndpoint | null {
  return ref ? getFragmentData(ServerList_EndpointFragment, ref) : null;
}

/** The incoming and outgoing servers of an IMAP connection's settings. */
export function connectionServers(
  settings: FragmentType<typeof ConnectionServerList_SettingsFragment>,
): { imap: ServerEndpoint; smtp: ServerEndpoint } {
  const { imap, smtp } = getFragmentData(ConnectionServerList_SettingsFragment, settings);
  return {
    imap: getFragmentData(ServerList_EndpointFragment, imap),
    smtp: getFragmentData(ServerList_EndpointFragment, smtp),
  };
}

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
  const { imap, smtp } = connectionServers(settings);
  return (
    <MailServerList imap={imap} smtp={smtp}>
      {children}
    </MailServerList>
  );
}
