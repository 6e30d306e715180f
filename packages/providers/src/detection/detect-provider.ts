import { Resolver } from 'node:dns/promises';
import { normalizeEmailDomain } from '../core/hostname.js';
import { ProviderError } from '../core/provider-error.js';
import { createHttpsFetcher } from '../transport/fetch-text.js';
import { withTimeout } from '../transport/with-timeout.js';
import {
  DEFAULT_ISPDB_BASE_URL,
  fetchAutoconfig,
  hitFromConfig,
  ispAutoconfigUrls,
  ispdbUrl,
} from './autoconfig.js';
import type { AutoconfigContext } from './autoconfig.js';
import { parentDomain, registrableDomain } from './base-domain.js';
import { describeError, describeServer } from './describe.js';
import { guessServers } from './guesses.js';
import { knownProviderFor, providerOfImapHost } from './known-providers.js';
import { lookupMx, providerFromMx } from './mx.js';
import type { MxAnswer } from './mx.js';
import { lookupSrv } from './srv.js';
import type {
  DetectionDeps,
  DetectionHit,
  DetectionResult,
  DomainSettingsAnswer,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 4_000;
const DEFAULT_TOTAL_TIMEOUT_MS = 12_000;

interface StepOutcome {
  hit?: DetectionHit | undefined;
  log: string[];
}

interface Step {
  name: string;
  outcome: Promise<StepOutcome>;
  /** Set when the step finishes, so the deadline can see which steps answered in time. */
  settled?: StepOutcome;
}

/**
 * Works out where an email address is hosted and how to reach it. Sources in priority order:
 * admin domain settings, well-known providers, MX, ISP autoconfig, ISPDB (for the domain, then
 * for its MX host's domains), SRV (RFC 6186/8314), and finally conventional guesses. The network
 * sources run in parallel and the highest-priority answer wins; each lookup is bounded by
 * `timeoutMs` and the whole detection by `totalTimeoutMs`, after which the best answer that has
 * arrived (or the guesses) is returned. Never proposes a plaintext server.
 *
 * @throws ProviderError HOST_NOT_FOUND (step 'input', field 'email') when `email` has no valid domain.
 */
export async function detectProvider(
  email: string,
  deps: DetectionDeps = {},
): Promise<DetectionResult> {
  const address = parseEmail(email);
  const { domain } = address;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const totalTimeoutMs = deps.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
  const tried: string[] = [];
  const done = (hit: DetectionHit): DetectionResult => ({ ...hit, tried });

  // One signal for everything: aborted at the overall deadline, by the caller, or when detection ends.
  const controller = new AbortController();
  const signal = controller.signal;
  const onCallerAbort = (): void => controller.abort(deps.signal?.reason);
  deps.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (deps.signal?.aborted) controller.abort(deps.signal.reason);
  const deadline = setTimeout(
    () => controller.abort(new Error('Detection deadline')),
    totalTimeoutMs,
  );
  const resolver = deps.resolver ?? new Resolver({ timeout: timeoutMs, tries: 2 });

  try {
    const settings = await domainSettingsStep(domain, deps, timeoutMs, signal);
    tried.push(settings.log);
    if (settings.hit) return done(settings.hit);

    const known = knownProviderFor(domain);
    tried.push(
      known
        ? `${domain} is a well-known provider (${known.provider})`
        : `${domain} is not a well-known provider`,
    );
    if (known) return done(known);

    const fetchText = deps.fetchText ?? createHttpsFetcher({ allowPrivate: () => false });
    const ctx: AutoconfigContext = { email: address, fetchText, timeoutMs, signal };
    const ispdbBase = deps.ispdbBaseUrl === undefined ? DEFAULT_ISPDB_BASE_URL : deps.ispdbBaseUrl;
    const mx = lookupMx(domain, resolver, timeoutMs, signal);

    const steps: Step[] = [
      start('MX', mx.then(mxOutcome)),
      ...ispAutoconfigUrls(domain, `${address.localPart}@${domain}`).map((url) =>
        start(
          'autoconfig',
          fetchAutoconfig('Autoconfig', url, ctx).then((a) => ({
            hit: hitFromConfig(a.choice, 'AUTOCONFIG'),
            log: [a.log],
          })),
        ),
      ),
      ...(ispdbBase
        ? [
            start(
              'ISPDB',
              fetchAutoconfig('ISPDB', ispdbUrl(ispdbBase, domain), ctx).then((a) => ({
                hit: hitFromConfig(a.choice, 'ISPDB'),
                log: [a.log],
              })),
            ),
            start(
              'ISPDB for MX',
              mx.then((answer) => ispdbForMx(answer, domain, ispdbBase, ctx)),
            ),
          ]
        : []),
      start('SRV', lookupSrv(domain, resolver, timeoutMs, signal).then(srvOutcome)),
    ];

    // Which steps had answered when the deadline struck (abort listeners run before any promise
    // callback, so steps failing *because* of the abort are not counted as answered).
    let answeredAtDeadline: boolean[] | undefined;
    const deadlineReached = new Promise<'deadline'>((resolve) => {
      const snapshot = (): void => {
        answeredAtDeadline = steps.map((s) => s.settled !== undefined);
        resolve('deadline');
      };
      if (signal.aborted) snapshot();
      else signal.addEventListener('abort', snapshot, { once: true });
    });

    for (let i = 0; i < steps.length; i += 1) {
      const step = steps[i]!;
      const outcome = step.settled ?? (await Promise.race([step.outcome, deadlineReached]));
      if (outcome !== 'deadline') {
        tried.push(...outcome.log);
        if (outcome.hit) return done(outcome.hit);
        continue;
      }
      // Out of time: the best answer among the steps that had finished, else the guesses.
      const waiting: string[] = [];
      const stopped = (): string =>
        `${deps.signal?.aborted ? 'Cancelled' : `Stopped waiting after ${totalTimeoutMs} ms`} for: ${unique(waiting).join(', ')}`;
      for (let j = i; j < steps.length; j += 1) {
        const later = steps[j]!;
        if (!answeredAtDeadline?.[j] || !later.settled) {
          waiting.push(later.name);
          continue;
        }
        tried.push(...later.settled.log);
        if (later.settled.hit) {
          tried.push(stopped());
          return done(later.settled.hit);
        }
      }
      tried.push(stopped());
      break;
    }

    const candidates = guessServers(domain);
    tried.push(
      `Guesses: IMAP ${candidates.imap.map(describeServer).join(', ')}; SMTP ${candidates.smtp.map(describeServer).join(', ')}`,
    );
    return done({
      provider: 'IMAP',
      source: 'GUESS',
      imap: candidates.imap[0]!,
      smtp: candidates.smtp[0]!,
      candidates,
    });
  } finally {
    clearTimeout(deadline);
    deps.signal?.removeEventListener('abort', onCallerAbort);
    controller.abort(new Error('Detection finished'));
    // A resolver made here has nobody else's queries in flight, so cancelling is safe.
    if (!deps.resolver && resolver instanceof Resolver) resolver.cancel();
  }
}

function start(name: string, outcome: Promise<StepOutcome>): Step {
  const step: Step = {
    name,
    outcome: outcome.catch((err: unknown) => ({ log: [`${name}: ${describeError(err)}`] })),
  };
  void step.outcome.then((settled) => {
    step.settled = settled;
  });
  return step;
}

function parseEmail(email: string): { localPart: string; domain: string } {
  const at = email.lastIndexOf('@');
  const localPart = email.slice(0, Math.max(at, 0)).trim();
  const domain = at === -1 ? undefined : normalizeEmailDomain(email.slice(at + 1));
  if (localPart === '' || !domain?.ok) {
    throw new ProviderError('HOST_NOT_FOUND', {
      step: 'input',
      field: 'email',
      detail: `"${email}" is not an email address.`,
    });
  }
  return { localPart, domain: domain.host };
}

async function domainSettingsStep(
  domain: string,
  deps: DetectionDeps,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ hit?: DetectionHit; log: string }> {
  if (!deps.domainSettings) return { log: `Domain settings for ${domain}: not configured` };
  let answer: DomainSettingsAnswer | undefined;
  try {
    const lookup = deps.domainSettings;
    answer = await withTimeout(
      Promise.resolve().then(() => lookup(domain)),
      timeoutMs,
      () => new Error('timeout'),
      signal,
    );
  } catch (err) {
    return { log: `Domain settings for ${domain}: ${describeError(err)}` };
  }
  if (!answer) return { log: `Domain settings for ${domain}: none` };
  if (answer.kind === 'EXCHANGE') {
    return {
      hit: { provider: 'EXCHANGE', source: 'DOMAIN_SETTINGS', exchangeUrl: answer.exchangeUrl },
      log: `Domain settings for ${domain}: Exchange ${answer.exchangeUrl}`,
    };
  }
  return {
    hit: { provider: 'IMAP', source: 'DOMAIN_SETTINGS', imap: answer.imap, smtp: answer.smtp },
    log: `Domain settings for ${domain}: IMAP ${describeServer(answer.imap)}, SMTP ${describeServer(answer.smtp)}`,
  };
}

function mxOutcome(answer: MxAnswer): StepOutcome {
  const first = answer.hosts[0];
  const hit = first === undefined ? undefined : providerFromMx(first);
  return { hit, log: hit ? [answer.log, `MX host ${first} means ${hit.provider}`] : [answer.log] };
}

/** ISPDB for the MX host's parent domain and registrable domain (hosting providers list those). */
async function ispdbForMx(
  answer: MxAnswer,
  domain: string,
  ispdbBase: string,
  ctx: AutoconfigContext,
): Promise<StepOutcome> {
  const mxHost = answer.hosts[0];
  if (mxHost === undefined) return { log: [] };
  const base = registrableDomain(mxHost);
  const parent = parentDomain(mxHost);
  const domains = unique([...(parent.endsWith(`.${base}`) ? [parent] : []), base]).filter(
    (d) => d !== domain && d.includes('.'),
  );
  const log: string[] = [];
  for (const candidate of domains) {
    const result = await fetchAutoconfig(
      `ISPDB (MX ${mxHost})`,
      ispdbUrl(ispdbBase, candidate),
      ctx,
    );
    log.push(result.log);
    const hit = hitFromConfig(result.choice, 'ISPDB');
    if (hit) return { hit, log };
  }
  return { log };
}

function srvOutcome(answer: Awaited<ReturnType<typeof lookupSrv>>): StepOutcome {
  if (!answer.imap) return { log: answer.log };
  const hit: DetectionHit = {
    provider: providerOfImapHost(answer.imap.host) ?? 'IMAP',
    source: 'SRV',
    imap: answer.imap,
  };
  if (answer.smtp) hit.smtp = answer.smtp;
  return { hit, log: answer.log };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
