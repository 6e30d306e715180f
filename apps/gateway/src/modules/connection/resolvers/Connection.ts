import type { ConnectionResolvers } from '../../../__generated__/resolvers-types.js';
import { connectionSettings } from '../../../mail/stored-account.js';
import { readStoredError } from '../../../stored-error.js';
import { prefetchedOwner } from '../prefetched-owner.js';

export const Connection: ConnectionResolvers = {
  lastError: (row) => readStoredError(row.last_error_json),
  // Read with the row by the connectedEmails page; elsewhere batched: a page of connections reads its owners in one query.
  owner: (row, _args, ctx) => prefetchedOwner(row) ?? ctx.loaders.user.load(row.user_id),
  imapSettings: (row, _args, ctx) => {
    if (row.provider !== 'IMAP') return null;
    const s = connectionSettings(ctx.providers.IMAP, row);
    return {
      username: s.username,
      imap: s.imap,
      smtp: s.smtp,
      smtpSameCredentials: s.smtpSameCredentials,
      smtpUsername: s.smtpUsername,
      trustAnyCertificate: s.trustAnyCertificate,
      allowLegacyTls: s.allowLegacyTls,
      sentFolder: s.sentFolder,
      inboxAutomation: s.inboxAutomation,
    };
  },
  exchangeSettings: (row, _args, ctx) => {
    if (row.provider !== 'EXCHANGE') return null;
    const s = connectionSettings(ctx.providers.EXCHANGE, row);
    return {
      ewsUrl: s.ewsUrl,
      username: s.username,
      serverVersion: s.serverVersion,
      ruleFolders: s.ruleFolders.map((f) => f.name),
    };
  },
  createdAt: (row) => row.created_at,
  updatedAt: (row) => row.updated_at,
  lastSyncedAt: (row) => row.last_synced_at,
};
