import { detectProvider as detect, normalizeEmailDomain } from '@inlet/providers';
import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { validationFailedError } from '../../../../errors.js';
import { requireViewer } from '../../../identity/guards.js';
import { domainSettingsAnswer, findDomainSettings } from '../../../../mail/domain-hosts.js';

export const detectProvider: NonNullable<QueryResolvers['detectProvider']> = async (_parent, { email }, ctx) => {
  requireViewer(ctx);
  const normalized = email.trim().toLowerCase();
  const domain = normalizeEmailDomain(normalized);
  if (!normalized.includes('@') || !domain.ok) throw validationFailedError('email', 'Enter an email address such as jane@example.com.');
  const settings = await findDomainSettings(ctx.db, domain.host);
  const { mailNetwork } = ctx;
  const result = await detect(normalized, {
    domainSettings: () => domainSettingsAnswer(settings),
    resolver: mailNetwork.resolver,
    fetchText: mailNetwork.fetchText,
    ispdbBaseUrl: mailNetwork.ispdbBaseUrl,
  });
  return {
    email: normalized,
    provider: result.provider,
    source: result.source,
    reason: result.reason ?? null,
    imap: result.imap ?? null,
    smtp: result.smtp ?? null,
    exchangeUrl: result.exchangeUrl ?? null,
    allowInsecureCertificate: settings?.allow_insecure_certificate === 1,
    tried: result.tried,
  };
};
