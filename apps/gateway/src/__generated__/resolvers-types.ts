import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { UserRow } from '../db/tables/user.table.js';
import type { ApiTokenRow } from '../db/tables/api-token.table.js';
import type { DomainSettingsRow } from '../db/tables/domain-settings.table.js';
import type { AuditLogRow } from '../db/tables/audit-log.table.js';
import type { ViewerModel } from '../modules/identity/viewer.js';
import type { GatewayContext } from '../context.js';
export type Maybe<T> = T | null | undefined;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, as an ISO 8601 string in UTC (for example 2026-11-23T13:09:35.000Z). */
  DateTime: { input: string; output: string; }
};

/** An API token for internal tools. The secret is shown once, when created. */
export type ApiToken = {
  readonly __typename?: 'ApiToken';
  /** When it was created. */
  readonly createdAt: Scalars['DateTime']['output'];
  /** Stable identifier. */
  readonly id: Scalars['ID']['output'];
  /** When it was last used, if ever. */
  readonly lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Name given by its owner, to recognise it later. */
  readonly name: Scalars['String']['output'];
  /** The first characters of the token, to tell tokens apart. */
  readonly prefix: Scalars['String']['output'];
  /** When it was revoked; a revoked token is refused. */
  readonly revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** What the token may do. */
  readonly scope: TokenScope;
};

/** A newly created token, with its secret shown this once. */
export type ApiTokenCreated = {
  readonly __typename?: 'ApiTokenCreated';
  /** Send as `Authorization: Bearer <secret>`. It cannot be shown again. */
  readonly secret: Scalars['String']['output'];
  /** The token's metadata. */
  readonly token: ApiToken;
};

/** A recorded change made by a person or an API token. Secrets are never recorded. */
export type AuditEntry = {
  readonly __typename?: 'AuditEntry';
  /** What was done, for example domainSettings.create. */
  readonly action: Scalars['String']['output'];
  /** Who made it (null for the system). */
  readonly actor?: Maybe<User>;
  /** JSON of the object after the change; null on delete. */
  readonly after?: Maybe<Scalars['String']['output']>;
  /** When the change happened. */
  readonly at: Scalars['DateTime']['output'];
  /** JSON of the object before the change; null on create. */
  readonly before?: Maybe<Scalars['String']['output']>;
  /** Stable identifier. */
  readonly id: Scalars['ID']['output'];
  /** Id of the changed object. */
  readonly targetId: Scalars['String']['output'];
  /** Type of the changed object, for example DomainSettings. */
  readonly targetType: Scalars['String']['output'];
};

/** How the current request was authenticated. */
export type AuthMethod =
  /** An API token in the Authorization header. */
  | 'API_TOKEN'
  /** A console session cookie. */
  | 'SESSION';

/** A new API token. */
export type CreateApiTokenInput = {
  /** A name to recognise the token by (1-100 characters). */
  readonly name: Scalars['String']['input'];
  /** What the token may do. */
  readonly scope: TokenScope;
};

/** Result of createApiToken. */
export type CreateApiTokenResult = ApiTokenCreated | ValidationFailed;

/** A new user (super admins only). */
export type CreateUserInput = {
  /** Sign-in address. */
  readonly email: Scalars['String']['input'];
  /** Display name. */
  readonly name: Scalars['String']['input'];
  /** Initial password, at least 10 characters. */
  readonly password: Scalars['String']['input'];
  /** Role; USER when omitted. */
  readonly role?: InputMaybe<Role>;
  /** Seat; FULL when omitted. */
  readonly seat?: InputMaybe<Seat>;
};

/** Result of createUser. */
export type CreateUserResult = User | ValidationFailed;

/** Result of deleteDomainSettings. */
export type DeleteDomainSettingsResult = DomainSettingsDeleted | NotFound;

/** Server settings an admin preconfigured for every address of one email domain. */
export type DomainSettings = {
  readonly __typename?: 'DomainSettings';
  /** When the settings were created. */
  readonly createdAt: Scalars['DateTime']['output'];
  /** Email domain, lower-case, internationalised names in punycode (xn--...). */
  readonly domain: Scalars['String']['output'];
  /** Set when kind is EXCHANGE. */
  readonly exchange?: Maybe<ExchangeServerSettings>;
  /** Stable identifier. */
  readonly id: Scalars['ID']['output'];
  /** Set when kind is IMAP. */
  readonly imap?: Maybe<ImapServerSettings>;
  /** Which of `imap` and `exchange` is set. */
  readonly kind: DomainSettingsKind;
  /** When they last changed. */
  readonly updatedAt: Scalars['DateTime']['output'];
  /** Who last changed them. */
  readonly updatedBy?: Maybe<User>;
};

/** What happened to a domain's settings. */
export type DomainSettingsChange =
  /** Settings were created. */
  | 'CREATED'
  /** Settings were deleted. */
  | 'DELETED'
  /** Settings were edited. */
  | 'UPDATED';

/** The domain already has settings of a kind; a domain has IMAP or Exchange settings, never both. */
export type DomainSettingsConflict = Error & {
  readonly __typename?: 'DomainSettingsConflict';
  /** Always DOMAIN_SETTINGS_CONFLICT. */
  readonly code: Scalars['String']['output'];
  /** The domain concerned. */
  readonly domain: Scalars['String']['output'];
  /** Id of the existing settings, to edit them instead. */
  readonly existingId: Scalars['ID']['output'];
  /** The kind already set for it. */
  readonly existingKind: DomainSettingsKind;
  /** Names the domain and the kind already set. */
  readonly message: Scalars['String']['output'];
};

/** A page of domain settings, ordered by domain. */
export type DomainSettingsConnection = {
  readonly __typename?: 'DomainSettingsConnection';
  /** The settings on this page. */
  readonly edges: ReadonlyArray<DomainSettingsEdge>;
  /** Pagination state. */
  readonly pageInfo: PageInfo;
  /** Number of settings matching the filter. */
  readonly totalCount: Scalars['Int']['output'];
};

/** Identifies deleted settings. */
export type DomainSettingsDeleted = {
  readonly __typename?: 'DomainSettingsDeleted';
  /** Their domain. */
  readonly domain: Scalars['String']['output'];
  /** Id of the deleted settings. */
  readonly id: Scalars['ID']['output'];
};

/** An edge in a DomainSettingsConnection. */
export type DomainSettingsEdge = {
  readonly __typename?: 'DomainSettingsEdge';
  /** Opaque cursor of this edge. */
  readonly cursor: Scalars['String']['output'];
  /** The settings. */
  readonly node: DomainSettings;
};

/** A change to domain settings, pushed to admins. */
export type DomainSettingsEvent = {
  readonly __typename?: 'DomainSettingsEvent';
  /** What happened. */
  readonly change: DomainSettingsChange;
  /** Their domain. */
  readonly domain: Scalars['String']['output'];
  /** Id of the settings. */
  readonly id: Scalars['ID']['output'];
};

/** Settings for one domain: exactly one of `imap` and `exchange`. */
export type DomainSettingsInput = {
  /** Email domain, for example example.com (an address's part after @). */
  readonly domain: Scalars['String']['input'];
  /** Exchange settings. */
  readonly exchange?: InputMaybe<ExchangeServerSettingsInput>;
  /** IMAP/SMTP settings. */
  readonly imap?: InputMaybe<ImapServerSettingsInput>;
};

/** Which kind of server a domain's settings describe. */
export type DomainSettingsKind =
  /** On-premises Exchange through EWS. */
  | 'EXCHANGE'
  /** IMAP for incoming and SMTP for outgoing mail. */
  | 'IMAP';

/** Result of createDomainSettings and updateDomainSettings. */
export type DomainSettingsResult = DomainSettings | DomainSettingsConflict | NotFound | ValidationFailed;

/** A data center this deployment connects from. */
export type EgressDataCenter = {
  readonly __typename?: 'EgressDataCenter';
  /** One group per protocol that has addresses. */
  readonly groups: ReadonlyArray<EgressGroup>;
  /** Short identifier from the configuration, for example eu-central. */
  readonly id: Scalars['String']['output'];
  /** Display name, for example Europe (Frankfurt). */
  readonly name: Scalars['String']['output'];
};

/** One address or range to allowlist. */
export type EgressEntry = {
  readonly __typename?: 'EgressEntry';
  /** How many addresses the entry covers, as a decimal string (IPv6 ranges exceed 64 bits). */
  readonly addressCount: Scalars['String']['output'];
  /** 4 or 6. */
  readonly ipVersion: Scalars['Int']['output'];
  /** True for a CIDR range. */
  readonly isRange: Scalars['Boolean']['output'];
  /** As configured: a single address (203.0.113.7, 2001:db8::7) or a CIDR range (203.0.113.0/28). */
  readonly value: Scalars['String']['output'];
};

/** The addresses one data center uses for one protocol. */
export type EgressGroup = {
  readonly __typename?: 'EgressGroup';
  /** Addresses and ranges, in configuration order. */
  readonly entries: ReadonlyArray<EgressEntry>;
  /** The protocol. */
  readonly protocol: EgressProtocol;
};

/** What traffic an egress address carries. */
export type EgressProtocol =
  /** Exchange (EWS) and OAuth (Google, Microsoft) over HTTPS. */
  | 'HTTPS'
  /** Incoming mail sync (IMAP). */
  | 'IMAP'
  /** Outgoing mail (SMTP submission). */
  | 'SMTP';

/** Every expected failure returned in a result union implements Error. */
export type Error = {
  /** A stable machine-readable code. */
  readonly code: Scalars['String']['output'];
  /** A sentence a person can act on. */
  readonly message: Scalars['String']['output'];
};

/** Exchange (EWS) server of a domain. */
export type ExchangeServerSettings = {
  readonly __typename?: 'ExchangeServerSettings';
  /** EWS endpoint, for example https://mail.example.com/EWS/Exchange.asmx. */
  readonly exchangeUrl: Scalars['String']['output'];
  /** What the server is used for. */
  readonly usage: ExchangeUsage;
};

/** Exchange (EWS) server. */
export type ExchangeServerSettingsInput = {
  /** EWS URL; must be https. */
  readonly exchangeUrl: Scalars['String']['input'];
  /** What the server is used for; EMAIL when omitted. */
  readonly usage?: InputMaybe<ExchangeUsage>;
};

/** What an Exchange server is used for. */
export type ExchangeUsage =
  /** Calendar only. */
  | 'CALENDAR'
  /** Email only. */
  | 'EMAIL'
  /** Email and calendar. */
  | 'EMAIL_AND_CALENDAR';

/** One invalid input field. */
export type FieldError = {
  readonly __typename?: 'FieldError';
  /** Path of the input field, for example `imap.port`. */
  readonly field: Scalars['String']['output'];
  /** What is wrong with it, in words a person can act on. */
  readonly message: Scalars['String']['output'];
};

/** IMAP and SMTP servers of a domain. */
export type ImapServerSettings = {
  readonly __typename?: 'ImapServerSettings';
  /** Accept a certificate that is self-signed or issued for another name (it is pinned on first use). */
  readonly allowInsecureCertificate: Scalars['Boolean']['output'];
  /** Incoming (IMAP) server host name. */
  readonly imapHost: Scalars['String']['output'];
  /** Incoming server port. */
  readonly imapPort: Scalars['Int']['output'];
  /** Incoming server encryption. */
  readonly imapSecurity: MailSecurity;
  /** Outgoing (SMTP) server host name. */
  readonly smtpHost: Scalars['String']['output'];
  /** Outgoing server port. */
  readonly smtpPort: Scalars['Int']['output'];
  /** Outgoing server encryption. */
  readonly smtpSecurity: MailSecurity;
};

/** IMAP and SMTP servers. */
export type ImapServerSettingsInput = {
  /** Accept self-signed or mismatched certificates (pinned on first use). Off when omitted. */
  readonly allowInsecureCertificate?: InputMaybe<Scalars['Boolean']['input']>;
  /** Incoming server host name, for example imap.example.com. */
  readonly imapHost: Scalars['String']['input'];
  /** Incoming port (1-65535), usually 993 with SSL_TLS or 143 with STARTTLS. */
  readonly imapPort: Scalars['Int']['input'];
  /** Incoming encryption. */
  readonly imapSecurity: MailSecurity;
  /** Outgoing server host name, for example smtp.example.com. */
  readonly smtpHost: Scalars['String']['input'];
  /** Outgoing port (1-65535), usually 465 with SSL_TLS or 587 with STARTTLS. */
  readonly smtpPort: Scalars['Int']['input'];
  /** Outgoing encryption. */
  readonly smtpSecurity: MailSecurity;
};

/** Every address this deployment's mail traffic comes from, for IT teams' firewall allowlists. */
export type IpAllowlist = {
  readonly __typename?: 'IpAllowlist';
  /** Every distinct entry across data centers and protocols. */
  readonly allEntries: ReadonlyArray<Scalars['String']['output']>;
  /** Data centers in configuration order. */
  readonly dataCenters: ReadonlyArray<EgressDataCenter>;
};

/** How a mail connection is encrypted. Plaintext is never offered. */
export type MailSecurity =
  /** TLS from the first byte (IMAP 993, SMTP 465). */
  | 'SSL_TLS'
  /** Plain connection upgraded with STARTTLS before login (IMAP 143, SMTP 587). */
  | 'STARTTLS';

/** Write operations. A read-only API token can call none of them. */
export type Mutation = {
  readonly __typename?: 'Mutation';
  /** Creates an API token owned by the viewer; the secret is in the result only. */
  readonly createApiToken: CreateApiTokenResult;
  /** Preconfigures a domain (SUPER_ADMIN and ADMIN). Audit-logged. */
  readonly createDomainSettings: DomainSettingsResult;
  /** Creates a user (SUPER_ADMIN only). */
  readonly createUser: CreateUserResult;
  /** Removes a domain's settings (SUPER_ADMIN and ADMIN). Audit-logged. */
  readonly deleteDomainSettings: DeleteDomainSettingsResult;
  /** Revokes one of the viewer's tokens (admins: anyone's). */
  readonly revokeApiToken: RevokeApiTokenResult;
  /** Starts a console session (sets an HTTP-only cookie). */
  readonly signIn: SignInResult;
  /** Ends the current console session. */
  readonly signOut: Scalars['Boolean']['output'];
  /** Replaces a domain's settings, possibly switching kind (SUPER_ADMIN and ADMIN). Audit-logged. */
  readonly updateDomainSettings: DomainSettingsResult;
};


/** Write operations. A read-only API token can call none of them. */
export type MutationcreateApiTokenArgs = {
  input: CreateApiTokenInput;
};


/** Write operations. A read-only API token can call none of them. */
export type MutationcreateDomainSettingsArgs = {
  input: DomainSettingsInput;
};


/** Write operations. A read-only API token can call none of them. */
export type MutationcreateUserArgs = {
  input: CreateUserInput;
};


/** Write operations. A read-only API token can call none of them. */
export type MutationdeleteDomainSettingsArgs = {
  id: Scalars['ID']['input'];
};


/** Write operations. A read-only API token can call none of them. */
export type MutationrevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


/** Write operations. A read-only API token can call none of them. */
export type MutationsignInArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


/** Write operations. A read-only API token can call none of them. */
export type MutationupdateDomainSettingsArgs = {
  id: Scalars['ID']['input'];
  input: DomainSettingsInput;
};

/** The object does not exist, or the viewer may not see it. */
export type NotFound = Error & {
  readonly __typename?: 'NotFound';
  /** Always NOT_FOUND. */
  readonly code: Scalars['String']['output'];
  /** What was not found. */
  readonly message: Scalars['String']['output'];
};

/** Relay-style pagination state of a list. */
export type PageInfo = {
  readonly __typename?: 'PageInfo';
  /** Cursor of the last item returned; pass it as `after` to get the next page. */
  readonly endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow the last one returned. */
  readonly hasNextPage: Scalars['Boolean']['output'];
  /** True when items precede the first one returned. */
  readonly hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item returned. */
  readonly startCursor?: Maybe<Scalars['String']['output']>;
};

/** Read operations. Every field checks who is asking. */
export type Query = {
  readonly __typename?: 'Query';
  /** The viewer's own API tokens, newest first. */
  readonly apiTokens: ReadonlyArray<ApiToken>;
  /** Recent changes, newest first (SUPER_ADMIN and ADMIN). Filter by the changed object. */
  readonly auditLog: ReadonlyArray<AuditEntry>;
  /** The settings of one email domain, or null (SUPER_ADMIN and ADMIN). Accepts an IDN or punycode domain. */
  readonly domainSettings?: Maybe<DomainSettings>;
  /**
   * Preconfigured domain settings (SUPER_ADMIN and ADMIN), ordered by domain.
   * `search` matches part of the domain.
   */
  readonly domainSettingsList: DomainSettingsConnection;
  /** Egress addresses to allowlist (any signed-in user). */
  readonly ipAllowlist: IpAllowlist;
  /** Version and capabilities of this Inlet deployment. Public, so status pages can call it. */
  readonly serverInfo: ServerInfo;
  /** Every user (SUPER_ADMIN and ADMIN). */
  readonly users: ReadonlyArray<User>;
  /** Who is asking; null when not signed in. */
  readonly viewer?: Maybe<Viewer>;
};


/** Read operations. Every field checks who is asking. */
export type QueryauditLogArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  targetId?: InputMaybe<Scalars['String']['input']>;
  targetType?: InputMaybe<Scalars['String']['input']>;
};


/** Read operations. Every field checks who is asking. */
export type QuerydomainSettingsArgs = {
  domain: Scalars['String']['input'];
};


/** Read operations. Every field checks who is asking. */
export type QuerydomainSettingsListArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

/** Result of revokeApiToken. */
export type RevokeApiTokenResult = ApiToken | NotFound;

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

/** Facts about this deployment. */
export type ServerInfo = {
  readonly __typename?: 'ServerInfo';
  /** Database engine in use: SQLITE or POSTGRES. */
  readonly database: Scalars['String']['output'];
  /** True when no user exists yet: the first super admin still has to be created. */
  readonly needsFirstAdmin: Scalars['Boolean']['output'];
  /** Inlet version. */
  readonly version: Scalars['String']['output'];
};

/** Email or password is wrong, or sign-in is temporarily blocked. */
export type SignInFailed = Error & {
  readonly __typename?: 'SignInFailed';
  /** INVALID_CREDENTIALS or RATE_LIMITED. */
  readonly code: Scalars['String']['output'];
  /** What went wrong. */
  readonly message: Scalars['String']['output'];
};

/** Result of signIn. */
export type SignInResult = SignInFailed | Viewer;

/** Live events over graphql-ws (same URL as HTTP). */
export type Subscription = {
  readonly __typename?: 'Subscription';
  /** Changes to any domain's settings (SUPER_ADMIN and ADMIN). */
  readonly domainSettingsChanged: DomainSettingsEvent;
};

/** What an API token may do. */
export type TokenScope =
  /** Queries and subscriptions only. */
  | 'READ'
  /** Queries, subscriptions and mutations. */
  | 'READ_WRITE';

/** A person who signs in to Inlet. */
export type User = {
  readonly __typename?: 'User';
  /** When the user was created. */
  readonly createdAt: Scalars['DateTime']['output'];
  /** Sign-in address. */
  readonly email: Scalars['String']['output'];
  /** Stable identifier. */
  readonly id: Scalars['ID']['output'];
  /** Display name. */
  readonly name: Scalars['String']['output'];
  /** What the user may do. */
  readonly role: Role;
  /** The seat the user holds. */
  readonly seat: Seat;
};

/** The input was rejected; `fields` says which fields and why. */
export type ValidationFailed = Error & {
  readonly __typename?: 'ValidationFailed';
  /** Always VALIDATION_FAILED. */
  readonly code: Scalars['String']['output'];
  /** One entry per invalid field. */
  readonly fields: ReadonlyArray<FieldError>;
  /** Summary of the problem. */
  readonly message: Scalars['String']['output'];
};

/** Who is asking, and through what. */
export type Viewer = {
  readonly __typename?: 'Viewer';
  /** How this request was authenticated. */
  readonly authMethod: AuthMethod;
  /** True for SUPER_ADMIN and ADMIN: domain settings and everyone's connections. */
  readonly canManageWorkspace: Scalars['Boolean']['output'];
  /** The token's scope; null for console sessions (which may read and write). */
  readonly tokenScope?: Maybe<TokenScope>;
  /** The signed-in user (the token's owner for API tokens). */
  readonly user: User;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;



/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = {
  CreateApiTokenResult:
    | ( Omit<ApiTokenCreated, 'token'> & { token: _RefType['ApiToken'] } & { __typename: 'ApiTokenCreated' } )
    | ( ValidationFailed & { __typename: 'ValidationFailed' } )
  ;
  CreateUserResult:
    | ( UserRow & { __typename: 'User' } )
    | ( ValidationFailed & { __typename: 'ValidationFailed' } )
  ;
  DeleteDomainSettingsResult:
    | ( DomainSettingsDeleted & { __typename: 'DomainSettingsDeleted' } )
    | ( NotFound & { __typename: 'NotFound' } )
  ;
  DomainSettingsResult:
    | ( DomainSettingsRow & { __typename: 'DomainSettings' } )
    | ( DomainSettingsConflict & { __typename: 'DomainSettingsConflict' } )
    | ( NotFound & { __typename: 'NotFound' } )
    | ( ValidationFailed & { __typename: 'ValidationFailed' } )
  ;
  RevokeApiTokenResult:
    | ( ApiTokenRow & { __typename: 'ApiToken' } )
    | ( NotFound & { __typename: 'NotFound' } )
  ;
  SignInResult:
    | ( SignInFailed & { __typename: 'SignInFailed' } )
    | ( ViewerModel & { __typename: 'Viewer' } )
  ;
};

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  Error:
    | ( DomainSettingsConflict & { __typename: 'DomainSettingsConflict' } )
    | ( NotFound & { __typename: 'NotFound' } )
    | ( SignInFailed & { __typename: 'SignInFailed' } )
    | ( ValidationFailed & { __typename: 'ValidationFailed' } )
  ;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ApiToken: ResolverTypeWrapper<ApiTokenRow>;
  ApiTokenCreated: ResolverTypeWrapper<Omit<ApiTokenCreated, 'token'> & { token: ResolversTypes['ApiToken'] }>;
  AuditEntry: ResolverTypeWrapper<AuditLogRow>;
  AuthMethod: AuthMethod;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateApiTokenResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CreateApiTokenResult']>;
  CreateUserInput: CreateUserInput;
  CreateUserResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CreateUserResult']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteDomainSettingsResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['DeleteDomainSettingsResult']>;
  DomainSettings: ResolverTypeWrapper<DomainSettingsRow>;
  DomainSettingsChange: DomainSettingsChange;
  DomainSettingsConflict: ResolverTypeWrapper<DomainSettingsConflict>;
  DomainSettingsConnection: ResolverTypeWrapper<Omit<DomainSettingsConnection, 'edges'> & { edges: ReadonlyArray<ResolversTypes['DomainSettingsEdge']> }>;
  DomainSettingsDeleted: ResolverTypeWrapper<DomainSettingsDeleted>;
  DomainSettingsEdge: ResolverTypeWrapper<Omit<DomainSettingsEdge, 'node'> & { node: ResolversTypes['DomainSettings'] }>;
  DomainSettingsEvent: ResolverTypeWrapper<DomainSettingsEvent>;
  DomainSettingsInput: DomainSettingsInput;
  DomainSettingsKind: DomainSettingsKind;
  DomainSettingsResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['DomainSettingsResult']>;
  EgressDataCenter: ResolverTypeWrapper<EgressDataCenter>;
  EgressEntry: ResolverTypeWrapper<EgressEntry>;
  EgressGroup: ResolverTypeWrapper<EgressGroup>;
  EgressProtocol: EgressProtocol;
  Error: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Error']>;
  ExchangeServerSettings: ResolverTypeWrapper<ExchangeServerSettings>;
  ExchangeServerSettingsInput: ExchangeServerSettingsInput;
  ExchangeUsage: ExchangeUsage;
  FieldError: ResolverTypeWrapper<FieldError>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ImapServerSettings: ResolverTypeWrapper<ImapServerSettings>;
  ImapServerSettingsInput: ImapServerSettingsInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  IpAllowlist: ResolverTypeWrapper<IpAllowlist>;
  MailSecurity: MailSecurity;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NotFound: ResolverTypeWrapper<NotFound>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevokeApiTokenResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RevokeApiTokenResult']>;
  Role: Role;
  Seat: Seat;
  ServerInfo: ResolverTypeWrapper<ServerInfo>;
  SignInFailed: ResolverTypeWrapper<SignInFailed>;
  SignInResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SignInResult']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TokenScope: TokenScope;
  User: ResolverTypeWrapper<UserRow>;
  ValidationFailed: ResolverTypeWrapper<ValidationFailed>;
  Viewer: ResolverTypeWrapper<ViewerModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ApiToken: ApiTokenRow;
  ApiTokenCreated: Omit<ApiTokenCreated, 'token'> & { token: ResolversParentTypes['ApiToken'] };
  AuditEntry: AuditLogRow;
  Boolean: Scalars['Boolean']['output'];
  CreateApiTokenInput: CreateApiTokenInput;
  CreateApiTokenResult: ResolversUnionTypes<ResolversParentTypes>['CreateApiTokenResult'];
  CreateUserInput: CreateUserInput;
  CreateUserResult: ResolversUnionTypes<ResolversParentTypes>['CreateUserResult'];
  DateTime: Scalars['DateTime']['output'];
  DeleteDomainSettingsResult: ResolversUnionTypes<ResolversParentTypes>['DeleteDomainSettingsResult'];
  DomainSettings: DomainSettingsRow;
  DomainSettingsConflict: DomainSettingsConflict;
  DomainSettingsConnection: Omit<DomainSettingsConnection, 'edges'> & { edges: ReadonlyArray<ResolversParentTypes['DomainSettingsEdge']> };
  DomainSettingsDeleted: DomainSettingsDeleted;
  DomainSettingsEdge: Omit<DomainSettingsEdge, 'node'> & { node: ResolversParentTypes['DomainSettings'] };
  DomainSettingsEvent: DomainSettingsEvent;
  DomainSettingsInput: DomainSettingsInput;
  DomainSettingsResult: ResolversUnionTypes<ResolversParentTypes>['DomainSettingsResult'];
  EgressDataCenter: EgressDataCenter;
  EgressEntry: EgressEntry;
  EgressGroup: EgressGroup;
  Error: ResolversInterfaceTypes<ResolversParentTypes>['Error'];
  ExchangeServerSettings: ExchangeServerSettings;
  ExchangeServerSettingsInput: ExchangeServerSettingsInput;
  FieldError: FieldError;
  ID: Scalars['ID']['output'];
  ImapServerSettings: ImapServerSettings;
  ImapServerSettingsInput: ImapServerSettingsInput;
  Int: Scalars['Int']['output'];
  IpAllowlist: IpAllowlist;
  Mutation: Record<PropertyKey, never>;
  NotFound: NotFound;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RevokeApiTokenResult: ResolversUnionTypes<ResolversParentTypes>['RevokeApiTokenResult'];
  ServerInfo: ServerInfo;
  SignInFailed: SignInFailed;
  SignInResult: ResolversUnionTypes<ResolversParentTypes>['SignInResult'];
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  User: UserRow;
  ValidationFailed: ValidationFailed;
  Viewer: ViewerModel;
};

export type ApiTokenResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ApiToken'] = ResolversParentTypes['ApiToken']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scope?: Resolver<ResolversTypes['TokenScope'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApiTokenCreatedResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ApiTokenCreated'] = ResolversParentTypes['ApiTokenCreated']> = {
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  after?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  targetId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CreateApiTokenResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CreateApiTokenResult'] = ResolversParentTypes['CreateApiTokenResult']> = {
  __resolveType?: TypeResolveFn<'ApiTokenCreated' | 'ValidationFailed', ParentType, ContextType>;
};

export type CreateUserResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CreateUserResult'] = ResolversParentTypes['CreateUserResult']> = {
  __resolveType?: TypeResolveFn<'User' | 'ValidationFailed', ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteDomainSettingsResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DeleteDomainSettingsResult'] = ResolversParentTypes['DeleteDomainSettingsResult']> = {
  __resolveType?: TypeResolveFn<'DomainSettingsDeleted' | 'NotFound', ParentType, ContextType>;
};

export type DomainSettingsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DomainSettings'] = ResolversParentTypes['DomainSettings']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  domain?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  exchange?: Resolver<Maybe<ResolversTypes['ExchangeServerSettings']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imap?: Resolver<Maybe<ResolversTypes['ImapServerSettings']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DomainSettingsKind'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DomainSettingsConflictResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DomainSettingsConflict'] = ResolversParentTypes['DomainSettingsConflict']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  domain?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  existingId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  existingKind?: Resolver<ResolversTypes['DomainSettingsKind'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DomainSettingsConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DomainSettingsConnection'] = ResolversParentTypes['DomainSettingsConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['DomainSettingsEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DomainSettingsDeletedResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DomainSettingsDeleted'] = ResolversParentTypes['DomainSettingsDeleted']> = {
  domain?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DomainSettingsEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DomainSettingsEdge'] = ResolversParentTypes['DomainSettingsEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['DomainSettings'], ParentType, ContextType>;
};

export type DomainSettingsEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DomainSettingsEvent'] = ResolversParentTypes['DomainSettingsEvent']> = {
  change?: Resolver<ResolversTypes['DomainSettingsChange'], ParentType, ContextType>;
  domain?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type DomainSettingsResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DomainSettingsResult'] = ResolversParentTypes['DomainSettingsResult']> = {
  __resolveType?: TypeResolveFn<'DomainSettings' | 'DomainSettingsConflict' | 'NotFound' | 'ValidationFailed', ParentType, ContextType>;
};

export type EgressDataCenterResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EgressDataCenter'] = ResolversParentTypes['EgressDataCenter']> = {
  groups?: Resolver<ReadonlyArray<ResolversTypes['EgressGroup']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type EgressEntryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EgressEntry'] = ResolversParentTypes['EgressEntry']> = {
  addressCount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ipVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  isRange?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type EgressGroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EgressGroup'] = ResolversParentTypes['EgressGroup']> = {
  entries?: Resolver<ReadonlyArray<ResolversTypes['EgressEntry']>, ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['EgressProtocol'], ParentType, ContextType>;
};

export type ErrorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Error'] = ResolversParentTypes['Error']> = {
  __resolveType?: TypeResolveFn<'DomainSettingsConflict' | 'NotFound' | 'SignInFailed' | 'ValidationFailed', ParentType, ContextType>;
};

export type ExchangeServerSettingsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ExchangeServerSettings'] = ResolversParentTypes['ExchangeServerSettings']> = {
  exchangeUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  usage?: Resolver<ResolversTypes['ExchangeUsage'], ParentType, ContextType>;
};

export type FieldErrorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FieldError'] = ResolversParentTypes['FieldError']> = {
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ImapServerSettingsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ImapServerSettings'] = ResolversParentTypes['ImapServerSettings']> = {
  allowInsecureCertificate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  imapHost?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  imapPort?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imapSecurity?: Resolver<ResolversTypes['MailSecurity'], ParentType, ContextType>;
  smtpHost?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  smtpPort?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  smtpSecurity?: Resolver<ResolversTypes['MailSecurity'], ParentType, ContextType>;
};

export type IpAllowlistResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['IpAllowlist'] = ResolversParentTypes['IpAllowlist']> = {
  allEntries?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  dataCenters?: Resolver<ReadonlyArray<ResolversTypes['EgressDataCenter']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createApiToken?: Resolver<ResolversTypes['CreateApiTokenResult'], ParentType, ContextType, RequireFields<MutationcreateApiTokenArgs, 'input'>>;
  createDomainSettings?: Resolver<ResolversTypes['DomainSettingsResult'], ParentType, ContextType, RequireFields<MutationcreateDomainSettingsArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['CreateUserResult'], ParentType, ContextType, RequireFields<MutationcreateUserArgs, 'input'>>;
  deleteDomainSettings?: Resolver<ResolversTypes['DeleteDomainSettingsResult'], ParentType, ContextType, RequireFields<MutationdeleteDomainSettingsArgs, 'id'>>;
  revokeApiToken?: Resolver<ResolversTypes['RevokeApiTokenResult'], ParentType, ContextType, RequireFields<MutationrevokeApiTokenArgs, 'id'>>;
  signIn?: Resolver<ResolversTypes['SignInResult'], ParentType, ContextType, RequireFields<MutationsignInArgs, 'email' | 'password'>>;
  signOut?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  updateDomainSettings?: Resolver<ResolversTypes['DomainSettingsResult'], ParentType, ContextType, RequireFields<MutationupdateDomainSettingsArgs, 'id' | 'input'>>;
};

export type NotFoundResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['NotFound'] = ResolversParentTypes['NotFound']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  apiTokens?: Resolver<ReadonlyArray<ResolversTypes['ApiToken']>, ParentType, ContextType>;
  auditLog?: Resolver<ReadonlyArray<ResolversTypes['AuditEntry']>, ParentType, ContextType, RequireFields<QueryauditLogArgs, 'first'>>;
  domainSettings?: Resolver<Maybe<ResolversTypes['DomainSettings']>, ParentType, ContextType, RequireFields<QuerydomainSettingsArgs, 'domain'>>;
  domainSettingsList?: Resolver<ResolversTypes['DomainSettingsConnection'], ParentType, ContextType, RequireFields<QuerydomainSettingsListArgs, 'first'>>;
  ipAllowlist?: Resolver<ResolversTypes['IpAllowlist'], ParentType, ContextType>;
  serverInfo?: Resolver<ResolversTypes['ServerInfo'], ParentType, ContextType>;
  users?: Resolver<ReadonlyArray<ResolversTypes['User']>, ParentType, ContextType>;
  viewer?: Resolver<Maybe<ResolversTypes['Viewer']>, ParentType, ContextType>;
};

export type RevokeApiTokenResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RevokeApiTokenResult'] = ResolversParentTypes['RevokeApiTokenResult']> = {
  __resolveType?: TypeResolveFn<'ApiToken' | 'NotFound', ParentType, ContextType>;
};

export type ServerInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ServerInfo'] = ResolversParentTypes['ServerInfo']> = {
  database?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  needsFirstAdmin?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SignInFailedResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SignInFailed'] = ResolversParentTypes['SignInFailed']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SignInResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SignInResult'] = ResolversParentTypes['SignInResult']> = {
  __resolveType?: TypeResolveFn<'SignInFailed' | 'Viewer', ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  domainSettingsChanged?: SubscriptionResolver<ResolversTypes['DomainSettingsEvent'], "domainSettingsChanged", ParentType, ContextType>;
};

export type UserResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  seat?: Resolver<ResolversTypes['Seat'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ValidationFailedResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ValidationFailed'] = ResolversParentTypes['ValidationFailed']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fields?: Resolver<ReadonlyArray<ResolversTypes['FieldError']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ViewerResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = {
  authMethod?: Resolver<ResolversTypes['AuthMethod'], ParentType, ContextType>;
  canManageWorkspace?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  tokenScope?: Resolver<Maybe<ResolversTypes['TokenScope']>, ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  ApiToken?: ApiTokenResolvers<ContextType>;
  ApiTokenCreated?: ApiTokenCreatedResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  CreateApiTokenResult?: CreateApiTokenResultResolvers<ContextType>;
  CreateUserResult?: CreateUserResultResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteDomainSettingsResult?: DeleteDomainSettingsResultResolvers<ContextType>;
  DomainSettings?: DomainSettingsResolvers<ContextType>;
  DomainSettingsConflict?: DomainSettingsConflictResolvers<ContextType>;
  DomainSettingsConnection?: DomainSettingsConnectionResolvers<ContextType>;
  DomainSettingsDeleted?: DomainSettingsDeletedResolvers<ContextType>;
  DomainSettingsEdge?: DomainSettingsEdgeResolvers<ContextType>;
  DomainSettingsEvent?: DomainSettingsEventResolvers<ContextType>;
  DomainSettingsResult?: DomainSettingsResultResolvers<ContextType>;
  EgressDataCenter?: EgressDataCenterResolvers<ContextType>;
  EgressEntry?: EgressEntryResolvers<ContextType>;
  EgressGroup?: EgressGroupResolvers<ContextType>;
  Error?: ErrorResolvers<ContextType>;
  ExchangeServerSettings?: ExchangeServerSettingsResolvers<ContextType>;
  FieldError?: FieldErrorResolvers<ContextType>;
  ImapServerSettings?: ImapServerSettingsResolvers<ContextType>;
  IpAllowlist?: IpAllowlistResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NotFound?: NotFoundResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RevokeApiTokenResult?: RevokeApiTokenResultResolvers<ContextType>;
  ServerInfo?: ServerInfoResolvers<ContextType>;
  SignInFailed?: SignInFailedResolvers<ContextType>;
  SignInResult?: SignInResultResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  ValidationFailed?: ValidationFailedResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
};

