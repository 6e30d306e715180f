/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment DomainSettingsFields on DomainSettings {\n    id\n    domain\n    kind\n    imap {\n      imapHost\n      imapPort\n      imapSecurity\n      smtpHost\n      smtpPort\n      smtpSecurity\n      allowInsecureCertificate\n    }\n    exchange {\n      exchangeUrl\n      usage\n    }\n    updatedBy {\n      email\n    }\n  }\n": typeof types.DomainSettingsFieldsFragmentDoc,
    "\n  mutation DsCreate($input: DomainSettingsInput!) {\n    createDomainSettings(input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on ValidationFailed {\n        message\n        fields {\n          field\n          message\n        }\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n        existingId\n      }\n    }\n  }\n": typeof types.DsCreateDocument,
    "\n  mutation DsUpdate($id: ID!, $input: DomainSettingsInput!) {\n    updateDomainSettings(id: $id, input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n": typeof types.DsUpdateDocument,
    "\n  mutation DsDelete($id: ID!) {\n    deleteDomainSettings(id: $id) {\n      __typename\n      ... on DomainSettingsDeleted {\n        id\n        domain\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n": typeof types.DsDeleteDocument,
    "\n  query DsList($first: Int, $after: String, $search: String) {\n    domainSettingsList(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          domain\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.DsListDocument,
    "\n  query DsOne($domain: String!) {\n    domainSettings(domain: $domain) {\n      ...DomainSettingsFields\n    }\n  }\n": typeof types.DsOneDocument,
    "\n  query DsAudit($targetId: String) {\n    auditLog(targetType: \"DomainSettings\", targetId: $targetId) {\n      action\n      actor {\n        email\n      }\n      before\n      after\n    }\n  }\n": typeof types.DsAuditDocument,
    "\n  subscription DsChanged {\n    domainSettingsChanged {\n      change\n      domain\n    }\n  }\n": typeof types.DsChangedDocument,
    "\n  query IdentityViewer {\n    viewer {\n      authMethod\n      tokenScope\n      canManageWorkspace\n      user {\n        email\n        role\n        seat\n      }\n    }\n  }\n": typeof types.IdentityViewerDocument,
    "\n  mutation IdentitySignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n": typeof types.IdentitySignInDocument,
    "\n  mutation IdentitySignOut {\n    signOut\n  }\n": typeof types.IdentitySignOutDocument,
    "\n  mutation IdentityCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on ApiTokenCreated {\n        secret\n        token {\n          id\n          prefix\n          scope\n        }\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n": typeof types.IdentityCreateTokenDocument,
    "\n  mutation IdentityRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on ApiToken {\n        revokedAt\n      }\n    }\n  }\n": typeof types.IdentityRevokeTokenDocument,
    "\n  query IdentityTokens {\n    apiTokens {\n      id\n      name\n      prefix\n      lastUsedAt\n    }\n  }\n": typeof types.IdentityTokensDocument,
    "\n  mutation IdentityCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on User {\n        email\n        role\n        seat\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n": typeof types.IdentityCreateUserDocument,
    "\n  query IpAllowlistQuery {\n    ipAllowlist {\n      allEntries\n      dataCenters {\n        id\n        name\n        groups {\n          protocol\n          entries {\n            value\n            ipVersion\n            isRange\n            addressCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.IpAllowlistQueryDocument,
    "\n  query OperabilityServerInfo {\n    serverInfo {\n      version\n      database\n      needsFirstAdmin\n    }\n  }\n": typeof types.OperabilityServerInfoDocument,
    "\n  mutation TestkitSignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n": typeof types.TestkitSignInDocument,
};
const documents: Documents = {
    "\n  fragment DomainSettingsFields on DomainSettings {\n    id\n    domain\n    kind\n    imap {\n      imapHost\n      imapPort\n      imapSecurity\n      smtpHost\n      smtpPort\n      smtpSecurity\n      allowInsecureCertificate\n    }\n    exchange {\n      exchangeUrl\n      usage\n    }\n    updatedBy {\n      email\n    }\n  }\n": types.DomainSettingsFieldsFragmentDoc,
    "\n  mutation DsCreate($input: DomainSettingsInput!) {\n    createDomainSettings(input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on ValidationFailed {\n        message\n        fields {\n          field\n          message\n        }\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n        existingId\n      }\n    }\n  }\n": types.DsCreateDocument,
    "\n  mutation DsUpdate($id: ID!, $input: DomainSettingsInput!) {\n    updateDomainSettings(id: $id, input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n": types.DsUpdateDocument,
    "\n  mutation DsDelete($id: ID!) {\n    deleteDomainSettings(id: $id) {\n      __typename\n      ... on DomainSettingsDeleted {\n        id\n        domain\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n": types.DsDeleteDocument,
    "\n  query DsList($first: Int, $after: String, $search: String) {\n    domainSettingsList(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          domain\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.DsListDocument,
    "\n  query DsOne($domain: String!) {\n    domainSettings(domain: $domain) {\n      ...DomainSettingsFields\n    }\n  }\n": types.DsOneDocument,
    "\n  query DsAudit($targetId: String) {\n    auditLog(targetType: \"DomainSettings\", targetId: $targetId) {\n      action\n      actor {\n        email\n      }\n      before\n      after\n    }\n  }\n": types.DsAuditDocument,
    "\n  subscription DsChanged {\n    domainSettingsChanged {\n      change\n      domain\n    }\n  }\n": types.DsChangedDocument,
    "\n  query IdentityViewer {\n    viewer {\n      authMethod\n      tokenScope\n      canManageWorkspace\n      user {\n        email\n        role\n        seat\n      }\n    }\n  }\n": types.IdentityViewerDocument,
    "\n  mutation IdentitySignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n": types.IdentitySignInDocument,
    "\n  mutation IdentitySignOut {\n    signOut\n  }\n": types.IdentitySignOutDocument,
    "\n  mutation IdentityCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on ApiTokenCreated {\n        secret\n        token {\n          id\n          prefix\n          scope\n        }\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n": types.IdentityCreateTokenDocument,
    "\n  mutation IdentityRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on ApiToken {\n        revokedAt\n      }\n    }\n  }\n": types.IdentityRevokeTokenDocument,
    "\n  query IdentityTokens {\n    apiTokens {\n      id\n      name\n      prefix\n      lastUsedAt\n    }\n  }\n": types.IdentityTokensDocument,
    "\n  mutation IdentityCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on User {\n        email\n        role\n        seat\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n": types.IdentityCreateUserDocument,
    "\n  query IpAllowlistQuery {\n    ipAllowlist {\n      allEntries\n      dataCenters {\n        id\n        name\n        groups {\n          protocol\n          entries {\n            value\n            ipVersion\n            isRange\n            addressCount\n          }\n        }\n      }\n    }\n  }\n": types.IpAllowlistQueryDocument,
    "\n  query OperabilityServerInfo {\n    serverInfo {\n      version\n      database\n      needsFirstAdmin\n    }\n  }\n": types.OperabilityServerInfoDocument,
    "\n  mutation TestkitSignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n": types.TestkitSignInDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DomainSettingsFields on DomainSettings {\n    id\n    domain\n    kind\n    imap {\n      imapHost\n      imapPort\n      imapSecurity\n      smtpHost\n      smtpPort\n      smtpSecurity\n      allowInsecureCertificate\n    }\n    exchange {\n      exchangeUrl\n      usage\n    }\n    updatedBy {\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment DomainSettingsFields on DomainSettings {\n    id\n    domain\n    kind\n    imap {\n      imapHost\n      imapPort\n      imapSecurity\n      smtpHost\n      smtpPort\n      smtpSecurity\n      allowInsecureCertificate\n    }\n    exchange {\n      exchangeUrl\n      usage\n    }\n    updatedBy {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DsCreate($input: DomainSettingsInput!) {\n    createDomainSettings(input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on ValidationFailed {\n        message\n        fields {\n          field\n          message\n        }\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n        existingId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DsCreate($input: DomainSettingsInput!) {\n    createDomainSettings(input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on ValidationFailed {\n        message\n        fields {\n          field\n          message\n        }\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n        existingId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DsUpdate($id: ID!, $input: DomainSettingsInput!) {\n    updateDomainSettings(id: $id, input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DsUpdate($id: ID!, $input: DomainSettingsInput!) {\n    updateDomainSettings(id: $id, input: $input) {\n      __typename\n      ... on DomainSettings {\n        ...DomainSettingsFields\n      }\n      ... on DomainSettingsConflict {\n        message\n        existingKind\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DsDelete($id: ID!) {\n    deleteDomainSettings(id: $id) {\n      __typename\n      ... on DomainSettingsDeleted {\n        id\n        domain\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DsDelete($id: ID!) {\n    deleteDomainSettings(id: $id) {\n      __typename\n      ... on DomainSettingsDeleted {\n        id\n        domain\n      }\n      ... on NotFound {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DsList($first: Int, $after: String, $search: String) {\n    domainSettingsList(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          domain\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query DsList($first: Int, $after: String, $search: String) {\n    domainSettingsList(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          domain\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DsOne($domain: String!) {\n    domainSettings(domain: $domain) {\n      ...DomainSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query DsOne($domain: String!) {\n    domainSettings(domain: $domain) {\n      ...DomainSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DsAudit($targetId: String) {\n    auditLog(targetType: \"DomainSettings\", targetId: $targetId) {\n      action\n      actor {\n        email\n      }\n      before\n      after\n    }\n  }\n"): (typeof documents)["\n  query DsAudit($targetId: String) {\n    auditLog(targetType: \"DomainSettings\", targetId: $targetId) {\n      action\n      actor {\n        email\n      }\n      before\n      after\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DsChanged {\n    domainSettingsChanged {\n      change\n      domain\n    }\n  }\n"): (typeof documents)["\n  subscription DsChanged {\n    domainSettingsChanged {\n      change\n      domain\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IdentityViewer {\n    viewer {\n      authMethod\n      tokenScope\n      canManageWorkspace\n      user {\n        email\n        role\n        seat\n      }\n    }\n  }\n"): (typeof documents)["\n  query IdentityViewer {\n    viewer {\n      authMethod\n      tokenScope\n      canManageWorkspace\n      user {\n        email\n        role\n        seat\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IdentitySignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IdentitySignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IdentitySignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation IdentitySignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IdentityCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on ApiTokenCreated {\n        secret\n        token {\n          id\n          prefix\n          scope\n        }\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IdentityCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on ApiTokenCreated {\n        secret\n        token {\n          id\n          prefix\n          scope\n        }\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IdentityRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on ApiToken {\n        revokedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IdentityRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on ApiToken {\n        revokedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IdentityTokens {\n    apiTokens {\n      id\n      name\n      prefix\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query IdentityTokens {\n    apiTokens {\n      id\n      name\n      prefix\n      lastUsedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IdentityCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on User {\n        email\n        role\n        seat\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IdentityCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on User {\n        email\n        role\n        seat\n      }\n      ... on ValidationFailed {\n        fields {\n          field\n          message\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IpAllowlistQuery {\n    ipAllowlist {\n      allEntries\n      dataCenters {\n        id\n        name\n        groups {\n          protocol\n          entries {\n            value\n            ipVersion\n            isRange\n            addressCount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query IpAllowlistQuery {\n    ipAllowlist {\n      allEntries\n      dataCenters {\n        id\n        name\n        groups {\n          protocol\n          entries {\n            value\n            ipVersion\n            isRange\n            addressCount\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OperabilityServerInfo {\n    serverInfo {\n      version\n      database\n      needsFirstAdmin\n    }\n  }\n"): (typeof documents)["\n  query OperabilityServerInfo {\n    serverInfo {\n      version\n      database\n      needsFirstAdmin\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestkitSignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TestkitSignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      __typename\n      ... on SignInFailed {\n        code\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;