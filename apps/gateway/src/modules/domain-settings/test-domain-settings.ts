import type { OnStep, ProviderStep, StepReport } from '@inlet/providers';
import { probeExchangeServer } from '@inlet/providers/exchange';
import { probeImapServer, probeSmtpServer } from '@inlet/providers/imap';
import type {
  DomainServerRole,
  DomainSettingsInput,
  ResolversTypes,
} from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import { adminHosts } from '../../mail/domain-hosts.js';
import type { DomainSettingsRow } from '../../db/tables/domain-settings.table.js';
import { validationFailed } from '../../validation.js';
import type { ViewerModel } from '../identity/viewer.js';
import { connectionFailed, stepEvent } from '../connection/verification-events.js';
import { portSecurityWarnings, type DomainSettingsValues } from './domain-settings.validation.js';
import { validatedDomainSettings } from './domain-settings.service.js';

type Result = ResolversTypes['TestDomainSettingsResult'];
type TestStep = Awaited<ResolversTypes['DomainSettingsTestStep']>;

/** The admin form's field for a user form's field a failure points at. */
function adminField(field: string | null | undefined, server: DomainServerRole): string | null {
  if (!field) return null;
  if (server === 'EXCHANGE') return field === 'exchangeUrl' ? 'exchange.exchangeUrl' : null;
  if (field === 'trustAnyCertificate') return 'imap.allowInsecureCertificate';
  return /^(imap|smtp)(Host|Port|Security)$/.test(field) ? `imap.${field}` : null;
}

/** Keeps each step's final report (a step reports 'running' first), in the order steps started. */
function stepRecorder(server: DomainServerRole, steps: TestStep[]): OnStep {
  const index = new Map<ProviderStep, number>();
  return (report: StepReport) => {
    if (report.status === 'running') return;
    const event = stepEvent('', report, false);
    const step: TestStep = {
      server,
      step: event.step,
      status: event.status,
      detail: event.detail,
      error: report.error
        ? {
            ...connectionFailed(report.error, false),
            field: adminField(report.error.field, server),
          }
        : null,
    };
    const at = index.get(report.step);
    if (at === undefined) {
      index.set(report.step, steps.length);
      steps.push(step);
    } else steps[at] = step;
  };
}

/**
 * "Test these settings": validates the input as a save would (for a non-super admin, where the servers
 * are too), then runs the steps of a user's check that need no account against each server. The SSRF
 * guard allows the servers under test exactly as saving them would. Nothing is saved; no password exists.
 */
export async function testDomainSettings(
  services: GatewayServices,
  viewer: ViewerModel,
  input: DomainSettingsInput,
): Promise<Result> {
  const checked = await validatedDomainSettings(services, viewer, input);
  if ('problems' in checked) return validationFailed(checked.problems);
  const { values } = checked;
  const servers = adminHosts(values as DomainSettingsRow);
  const deps = {
    vet: (host: string, port: number) => services.mailNetwork.vet(host, port, servers),
    ...(services.mailNetwork.ca ? { ca: services.mailNetwork.ca } : {}),
  };
  const steps: TestStep[] = [];
  const ok = await runProbes(values, deps, steps);
  return { __typename: 'DomainSettingsTest', ok, steps, warnings: portSecurityWarnings(values) };
}

async function runProbes(
  values: DomainSettingsValues,
  deps: Parameters<typeof probeImapServer>[1],
  steps: TestStep[],
): Promise<boolean> {
  const trust = {
    trustAnyCertificate: values.allow_insecure_certificate === 1,
    allowLegacyTls: values.allow_legacy_tls === 1,
  };
  if (values.kind === 'EXCHANGE') {
    const exchange = await probeExchangeServer(
      values.exchange_url!,
      { ...deps, approvedHosts: [] },
      stepRecorder('EXCHANGE', steps),
    );
    return exchange.ok;
  }
  // One server after the other: the checklist reads in order, and the machine is not asked for more.
  const imap = await probeImapServer(
    { host: values.imap_host!, port: values.imap_port!, security: values.imap_security!, ...trust },
    deps,
    stepRecorder('IMAP', steps),
  );
  const smtp = await probeSmtpServer(
    { host: values.smtp_host!, port: values.smtp_port!, security: values.smtp_security!, ...trust },
    deps,
    stepRecorder('SMTP', steps),
  );
  return imap.ok && smtp.ok;
}
