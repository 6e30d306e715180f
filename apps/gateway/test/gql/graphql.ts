/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How the current request was authenticated. */
export type AuthMethod =
  /** An API token in the Authorization header. */
  | 'API_TOKEN'
  /** A console session cookie. */
  | 'SESSION';

/** A new API token. */
export type CreateApiTokenInput = {
  /** A name to recognise the token by (1-100 characters). */
  name: string;
  /** What the token may do. */
  scope: TokenScope;
};

/** A new user (super admins only). */
export type CreateUserInput = {
  /** Sign-in address. */
  email: string;
  /** Display name. */
  name: string;
  /** Initial password, at least 10 characters. */
  password: string;
  /** Role; USER when omitted. */
  role?: Role | null | undefined;
  /** Seat; FULL when omitted. */
  seat?: Seat | null | undefined;
};

/** What happened to a domain's settings. */
export type DomainSettingsChange =
  /** Settings were created. */
  | 'CREATED'
  /** Settings were deleted. */
  | 'DELETED'
  /** Settings were edited. */
  | 'UPDATED';

/** Settings for one domain: exactly one of `imap` and `exchange`. */
export type DomainSettingsInput = {
  /** Email domain, for example example.com (an address's part after @). */
  domain: string;
  /** Exchange settings. */
  exchange?: ExchangeServerSettingsInput | null | undefined;
  /** IMAP/SMTP settings. */
  imap?: ImapServerSettingsInput | null | undefined;
};

/** Which kind of server a domain's settings describe. */
export type DomainSettingsKind =
  /** On-premises Exchange through EWS. */
  | 'EXCHANGE'
  /** IMAP for incoming and SMTP for outgoing mail. */
  | 'IMAP';

/** What traffic an egress address carries. */
export type EgressProtocol =
  /** Exchange (EWS) and OAuth (Google, Microsoft) over HTTPS. */
  | 'HTTPS'
  /** Incoming mail sync (IMAP). */
  | 'IMAP'
  /** Outgoing mail (SMTP submission). */
  | 'SMTP';

/** Exchange (EWS) server. */
export type ExchangeServerSettingsInput = {
  /** EWS URL; must be https. */
  exchangeUrl: string;
  /** What the server is used for; EMAIL when omitted. */
  usage?: ExchangeUsage | null | undefined;
};

/** What an Exchange server is used for. */
export type ExchangeUsage =
  /** Calendar only. */
  | 'CALENDAR'
  /** Email only. */
  | 'EMAIL'
  /** Email and calendar. */
  | 'EMAIL_AND_CALENDAR';

/** IMAP and SMTP servers. */
export type ImapServerSettingsInput = {
  /** Accept self-signed or mismatched certificates (pinned on first use). Off when omitted. */
  allowInsecureCertificate?: boolean | null | undefined;
  /** Incoming server host name, for example imap.example.com. */
  imapHost: string;
  /** Incoming port (1-65535), usually 993 with SSL_TLS or 143 with STARTTLS. */
  imapPort: number;
  /** Incoming encryption. */
  imapSecurity: MailSecurity;
  /** Outgoing server host name, for example smtp.example.com. */
  smtpHost: string;
  /** Outgoing port (1-65535), usually 465 with SSL_TLS or 587 with STARTTLS. */
  smtpPort: number;
  /** Outgoing encryption. */
  smtpSecurity: MailSecurity;
};

/** How a mail connection is encrypted. Plaintext is never offered. */
export type MailSecurity =
  /** TLS from the first byte (IMAP 993, SMTP 465). */
  | 'SSL_TLS'
  /** Plain connection upgraded with STARTTLS before login (IMAP 143, SMTP 587). */
  | 'STARTTLS';

/** What a user may do across the workspace. */
export type Role =
  /** The "Account Access" permission: domain settings and every user's connections. */
  | 'ADMIN'
  /** Everything, including OAuth apps and user management. */
  | 'SUPER_ADMIN'
  /** Their own connections only. */
  | 'USER';

/** The kind of seat a user holds. */
export type Seat =
  /** May connect inboxes and send email. */
  | 'FULL'
  /** May look, not connect or send. */
  | 'VIEW_ONLY';

/** What an API token may do. */
export type TokenScope =
  /** Queries and subscriptions only. */
  | 'READ'
  /** Queries, subscriptions and mutations. */
  | 'READ_WRITE';

export type DomainSettingsFieldsFragment = { id: string, domain: string, kind: DomainSettingsKind, imap: { imapHost: string, imapPort: number, imapSecurity: MailSecurity, smtpHost: string, smtpPort: number, smtpSecurity: MailSecurity, allowInsecureCertificate: boolean } | null, exchange: { exchangeUrl: string, usage: ExchangeUsage } | null, updatedBy: { email: string } | null };

export type DsCreateMutationVariables = Exact<{
  input: DomainSettingsInput;
}>;


export type DsCreateMutation = { createDomainSettings:
    | { __typename: 'DomainSettings', id: string, domain: string, kind: DomainSettingsKind, imap: { imapHost: string, imapPort: number, imapSecurity: MailSecurity, smtpHost: string, smtpPort: number, smtpSecurity: MailSecurity, allowInsecureCertificate: boolean } | null, exchange: { exchangeUrl: string, usage: ExchangeUsage } | null, updatedBy: { email: string } | null }
    | { __typename: 'DomainSettingsConflict', message: string, existingKind: DomainSettingsKind, existingId: string }
    | { __typename: 'NotFound' }
    | { __typename: 'ValidationFailed', message: string, fields: Array<{ field: string, message: string }> }
   };

export type DsUpdateMutationVariables = Exact<{
  id: string | number;
  input: DomainSettingsInput;
}>;


export type DsUpdateMutation = { updateDomainSettings:
    | { __typename: 'DomainSettings', id: string, domain: string, kind: DomainSettingsKind, imap: { imapHost: string, imapPort: number, imapSecurity: MailSecurity, smtpHost: string, smtpPort: number, smtpSecurity: MailSecurity, allowInsecureCertificate: boolean } | null, exchange: { exchangeUrl: string, usage: ExchangeUsage } | null, updatedBy: { email: string } | null }
    | { __typename: 'DomainSettingsConflict', message: string, existingKind: DomainSettingsKind }
    | { __typename: 'NotFound', code: string }
    | { __typename: 'ValidationFailed' }
   };

export type DsDeleteMutationVariables = Exact<{
  id: string | number;
}>;


export type DsDeleteMutation = { deleteDomainSettings:
    | { __typename: 'DomainSettingsDeleted', id: string, domain: string }
    | { __typename: 'NotFound', code: string }
   };

export type DsListQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type DsListQuery = { domainSettingsList: { totalCount: number, edges: Array<{ cursor: string, node: { domain: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DsOneQueryVariables = Exact<{
  domain: string;
}>;


export type DsOneQuery = { domainSettings: { id: string, domain: string, kind: DomainSettingsKind, imap: { imapHost: string, imapPort: number, imapSecurity: MailSecurity, smtpHost: string, smtpPort: number, smtpSecurity: MailSecurity, allowInsecureCertificate: boolean } | null, exchange: { exchangeUrl: string, usage: ExchangeUsage } | null, updatedBy: { email: string } | null } | null };

export type DsAuditQueryVariables = Exact<{
  targetId?: string | null | undefined;
}>;


export type DsAuditQuery = { auditLog: Array<{ action: string, before: string | null, after: string | null, actor: { email: string } | null }> };

export type DsChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type DsChangedSubscription = { domainSettingsChanged: { change: DomainSettingsChange, domain: string } };

export type IdentityViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type IdentityViewerQuery = { viewer: { authMethod: AuthMethod, tokenScope: TokenScope | null, canManageWorkspace: boolean, user: { email: string, role: Role, seat: Seat } } | null };

export type IdentitySignInMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type IdentitySignInMutation = { signIn:
    | { __typename: 'SignInFailed', code: string, message: string }
    | { __typename: 'Viewer' }
   };

export type IdentitySignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type IdentitySignOutMutation = { signOut: boolean };

export type IdentityCreateTokenMutationVariables = Exact<{
  input: CreateApiTokenInput;
}>;


export type IdentityCreateTokenMutation = { createApiToken:
    | { __typename: 'ApiTokenCreated', secret: string, token: { id: string, prefix: string, scope: TokenScope } }
    | { __typename: 'ValidationFailed', fields: Array<{ field: string, message: string }> }
   };

export type IdentityRevokeTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type IdentityRevokeTokenMutation = { revokeApiToken:
    | { __typename: 'ApiToken', revokedAt: string | null }
    | { __typename: 'NotFound' }
   };

export type IdentityTokensQueryVariables = Exact<{ [key: string]: never; }>;


export type IdentityTokensQuery = { apiTokens: Array<{ id: string, name: string, prefix: string, lastUsedAt: string | null }> };

export type IdentityCreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type IdentityCreateUserMutation = { createUser:
    | { __typename: 'User', email: string, role: Role, seat: Seat }
    | { __typename: 'ValidationFailed', fields: Array<{ field: string, message: string }> }
   };

export type IpAllowlistQueryQueryVariables = Exact<{ [key: string]: never; }>;


export type IpAllowlistQueryQuery = { ipAllowlist: { allEntries: Array<string>, dataCenters: Array<{ id: string, name: string, groups: Array<{ protocol: EgressProtocol, entries: Array<{ value: string, ipVersion: number, isRange: boolean, addressCount: string }> }> }> } };

export type OperabilityServerInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type OperabilityServerInfoQuery = { serverInfo: { version: string, database: string, needsFirstAdmin: boolean } };

export type TestkitSignInMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type TestkitSignInMutation = { signIn:
    | { __typename: 'SignInFailed', code: string, message: string }
    | { __typename: 'Viewer' }
   };

export const DomainSettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"domain"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"imap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"smtpHost"}},{"kind":"Field","name":{"kind":"Name","value":"smtpPort"}},{"kind":"Field","name":{"kind":"Name","value":"smtpSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"allowInsecureCertificate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"exchange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exchangeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"usage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<DomainSettingsFieldsFragment, unknown>;
export const DsCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DsCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDomainSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainSettingsFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationFailed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettingsConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"existingKind"}},{"kind":"Field","name":{"kind":"Name","value":"existingId"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"domain"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"imap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"smtpHost"}},{"kind":"Field","name":{"kind":"Name","value":"smtpPort"}},{"kind":"Field","name":{"kind":"Name","value":"smtpSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"allowInsecureCertificate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"exchange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exchangeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"usage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<DsCreateMutation, DsCreateMutationVariables>;
export const DsUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DsUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateDomainSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainSettingsFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettingsConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"existingKind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFound"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"domain"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"imap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"smtpHost"}},{"kind":"Field","name":{"kind":"Name","value":"smtpPort"}},{"kind":"Field","name":{"kind":"Name","value":"smtpSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"allowInsecureCertificate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"exchange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exchangeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"usage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<DsUpdateMutation, DsUpdateMutationVariables>;
export const DsDeleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DsDelete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteDomainSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettingsDeleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"domain"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFound"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DsDeleteMutation, DsDeleteMutationVariables>;
export const DsListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DsList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"domainSettingsList"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"domain"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<DsListQuery, DsListQueryVariables>;
export const DsOneDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DsOne"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"domain"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"domainSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"domain"},"value":{"kind":"Variable","name":{"kind":"Name","value":"domain"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DomainSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DomainSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DomainSettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"domain"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"imap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"smtpHost"}},{"kind":"Field","name":{"kind":"Name","value":"smtpPort"}},{"kind":"Field","name":{"kind":"Name","value":"smtpSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"allowInsecureCertificate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"exchange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exchangeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"usage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<DsOneQuery, DsOneQueryVariables>;
export const DsAuditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DsAudit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"targetType"},"value":{"kind":"StringValue","value":"DomainSettings","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"targetId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}}]}}]} as unknown as DocumentNode<DsAuditQuery, DsAuditQueryVariables>;
export const DsChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DsChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"domainSettingsChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"change"}},{"kind":"Field","name":{"kind":"Name","value":"domain"}}]}}]}}]} as unknown as DocumentNode<DsChangedSubscription, DsChangedSubscriptionVariables>;
export const IdentityViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IdentityViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"tokenScope"}},{"kind":"Field","name":{"kind":"Name","value":"canManageWorkspace"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"seat"}}]}}]}}]}}]} as unknown as DocumentNode<IdentityViewerQuery, IdentityViewerQueryVariables>;
export const IdentitySignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IdentitySignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignInFailed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<IdentitySignInMutation, IdentitySignInMutationVariables>;
export const IdentitySignOutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IdentitySignOut"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signOut"}}]}}]} as unknown as DocumentNode<IdentitySignOutMutation, IdentitySignOutMutationVariables>;
export const IdentityCreateTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IdentityCreateToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiTokenCreated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationFailed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<IdentityCreateTokenMutation, IdentityCreateTokenMutationVariables>;
export const IdentityRevokeTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IdentityRevokeToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]}}]} as unknown as DocumentNode<IdentityRevokeTokenMutation, IdentityRevokeTokenMutationVariables>;
export const IdentityTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IdentityTokens"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}}]}}]}}]} as unknown as DocumentNode<IdentityTokensQuery, IdentityTokensQueryVariables>;
export const IdentityCreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IdentityCreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"seat"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationFailed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<IdentityCreateUserMutation, IdentityCreateUserMutationVariables>;
export const IpAllowlistQueryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IpAllowlistQuery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ipAllowlist"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allEntries"}},{"kind":"Field","name":{"kind":"Name","value":"dataCenters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"entries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"ipVersion"}},{"kind":"Field","name":{"kind":"Name","value":"isRange"}},{"kind":"Field","name":{"kind":"Name","value":"addressCount"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<IpAllowlistQueryQuery, IpAllowlistQueryQueryVariables>;
export const OperabilityServerInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OperabilityServerInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serverInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"database"}},{"kind":"Field","name":{"kind":"Name","value":"needsFirstAdmin"}}]}}]}}]} as unknown as DocumentNode<OperabilityServerInfoQuery, OperabilityServerInfoQueryVariables>;
export const TestkitSignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestkitSignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignInFailed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<TestkitSignInMutation, TestkitSignInMutationVariables>;