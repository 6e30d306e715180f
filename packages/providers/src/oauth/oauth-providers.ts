import type { MailSecurity } from '../transport/tls-trust.js';

/** The OAuth sign-in services Inlet connects mailboxes through. */
export type OAuthProviderId = 'GOOGLE' | 'MICROSOFT';

export interface OAuthMailEndpoint {
  host: string;
  port: number;
  security: MailSecurity;
}

/** Where the identity (the signed-in address) is read from. */
export type IdentitySource = 'userinfo' | 'id_token';

/**
 * Everything Inlet needs to know about one OAuth service: endpoints (overridable for tests and sovereign
 * clouds), the scopes asked for and the ones that must be granted, and the mail servers the token opens.
 */
export interface OAuthProviderDefinition {
  id: OAuthProviderId;
  /** The connection's provider kind. */
  connectionProvider: 'GMAIL' | 'MICROSOFT_365';
  displayName: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** OpenID userinfo; null where the mail token cannot call it (Microsoft: the token is for Outlook, not Graph). */
  userinfoUrl: string | null;
  /** Gmail API base for send-as aliases; null where not available. */
  sendAsUrl: string | null;
  scopes: readonly string[];
  /** Scopes the token must carry; a user who unticks one gets OAUTH_SCOPES_MISSING. */
  requiredScopes: readonly string[];
  /** Extra authorization parameters (Google: offline access and a consent prompt to get a refresh token). */
  extraAuthorizationParams: Readonly<Record<string, string>>;
  /** Identity from the id_token first (sent directly by the token endpoint over TLS), else userinfo. */
  identitySource: IdentitySource;
  imap: OAuthMailEndpoint;
  smtp: OAuthMailEndpoint;
  /** The server keeps a copy of mail sent over SMTP in Sent itself (no IMAP APPEND needed). */
  savesSentCopy: boolean;
}

/** Endpoint and server overrides: tests point at loopback servers; sovereign clouds at their own hosts. */
export interface OAuthProviderOverrides {
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string | null;
  sendAsUrl?: string | null;
  imap?: Partial<OAuthMailEndpoint>;
  smtp?: Partial<OAuthMailEndpoint>;
}

export const GOOGLE_SCOPES = ['https://mail.google.com/', 'openid', 'email'] as const;
export const MICROSOFT_SCOPES = [
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
  'offline_access',
  'openid',
  'email',
] as const;

function merge(base: OAuthProviderDefinition, o: OAuthProviderOverrides): OAuthProviderDefinition {
  return {
    ...base,
    ...(o.authorizationUrl ? { authorizationUrl: o.authorizationUrl } : {}),
    ...(o.tokenUrl ? { tokenUrl: o.tokenUrl } : {}),
    ...(o.userinfoUrl !== undefined ? { userinfoUrl: o.userinfoUrl } : {}),
    ...(o.sendAsUrl !== undefined ? { sendAsUrl: o.sendAsUrl } : {}),
    imap: { ...base.imap, ...definedOnly(o.imap) },
    smtp: { ...base.smtp, ...definedOnly(o.smtp) },
  };
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}

/** Google (Gmail and Google Workspace): IMAP/SMTP with XOAUTH2 and the full-mail scope. */
export function googleOAuthProvider(
  overrides: OAuthProviderOverrides = {},
): OAuthProviderDefinition {
  return merge(
    {
      id: 'GOOGLE',
      connectionProvider: 'GMAIL',
      displayName: 'Google',
      authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
      sendAsUrl: 'https://gmail.googleapis.com/gmail/v1/users/me/settings/sendAs',
      scopes: GOOGLE_SCOPES,
      requiredScopes: ['https://mail.google.com/'],
      // access_type=offline asks for a refresh token; prompt=consent makes Google issue one on every consent.
      extraAuthorizationParams: {
        access_type: 'offline',
        prompt: 'consent',
        include_granted_scopes: 'true',
      },
      identitySource: 'userinfo',
      imap: { host: 'imap.gmail.com', port: 993, security: 'SSL_TLS' },
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'SSL_TLS' },
      savesSentCopy: true,
    },
    overrides,
  );
}

export interface MicrosoftOptions extends OAuthProviderOverrides {
  /** Entra tenant: `common` (work, school and personal accounts), `organizations`, or a tenant id/domain. */
  tenant?: string;
  /** Login authority; https://login.microsoftonline.us or https://login.chinacloudapi.cn in sovereign clouds. */
  authority?: string;
}

/** Microsoft 365 and Outlook.com: IMAP/SMTP with XOAUTH2 on outlook.office365.com. */
export function microsoftOAuthProvider(options: MicrosoftOptions = {}): OAuthProviderDefinition {
  const authority = (options.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const tenant = encodeURIComponent(options.tenant ?? 'common');
  return merge(
    {
      id: 'MICROSOFT',
      connectionProvider: 'MICROSOFT_365',
      displayName: 'Microsoft',
      authorizationUrl: `${authority}/${tenant}/oauth2/v2.0/authorize`,
      tokenUrl: `${authority}/${tenant}/oauth2/v2.0/token`,
      // The access token is for outlook.office.com and cannot call Graph's userinfo: the id_token names the user.
      userinfoUrl: null,
      sendAsUrl: null,
      scopes: MICROSOFT_SCOPES,
      requiredScopes: [
        'https://outlook.office.com/IMAP.AccessAsUser.All',
        'https://outlook.office.com/SMTP.Send',
      ],
      extraAuthorizationParams: {},
      identitySource: 'id_token',
      imap: { host: 'outlook.office365.com', port: 993, security: 'SSL_TLS' },
      smtp: { host: 'smtp.office365.com', port: 587, security: 'STARTTLS' },
      savesSentCopy: true,
    },
    options,
  );
}

export function oauthProvider(
  id: OAuthProviderId,
  overrides: MicrosoftOptions = {},
): OAuthProviderDefinition {
  return id === 'GOOGLE' ? googleOAuthProvider(overrides) : microsoftOAuthProvider(overrides);
}
