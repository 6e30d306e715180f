import { normalizeEmailDomain } from '@inlet/providers';
import { detectProvider as detect } from '@inlet/providers/detection';
import type { QueryResolvers } from '../../../../__generated__/resolvers-types.js';
import { gatewayError, validationFailedError } from '../../../../errors.js';
import { requireViewer } from '../../../identity/guards.js';
import { findOwnConnectionByEmail } from '../../../../mail/connections.js';
import { domainSettingsAnswer, findDomainSettings } from '../../../../mail/domain-hosts.js';

export const detectProvider: NonNullable<QueryResolvers['detectProvider']> = async (
  _parent,
  { email },
  ctx,
) => {
  const viewer = requireViewer(ctx);
  const normalized = email.trim().toLowerCase();
  const domain = normalizeEmailDomain(normalized);
  if (!normalized.includes('@') || !domain.ok)
    throw validationFailedError('email', 'Enter an email address such as jane@example.com.');
  if (!(await ctx.rateLimits.detections.take(viewer.user.id)))
    throw gatewayError(
      'RATE_LIMITED',
      'Too many provider detections. Wait a few minutes and try again.',
    );
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
    allowLegacyTls: settings?.allow_legacy_tls === 1,
    tried: result.tried,
    myConnection: (await findOwnConnectionByEmail(ctx.db, viewer.user.id, normalized)) ?? null,
  };
};
