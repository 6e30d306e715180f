import type { DetectionSource, VerificationStep } from '@/gql/graphql';
import type { CheckStepState } from './connection-check-model';

/** Checklist rows: what each step checks, in words a mailbox owner understands. */
export const stepLabels: Record<VerificationStep, string> = {
  INPUT: 'Check what was entered',
  DNS: 'Look up the server',
  DISCOVERY: 'Find the Exchange server',
  VET: 'Check the server address',
  TCP: 'Reach the server',
  TLS: 'Encryption and certificate',
  GREETING: 'Server greeting',
  LOGIN: 'Sign in',
  FOLDERS: 'Find Inbox and Sent',
  SMTP: 'Outgoing mail server (SMTP)',
  TEST_EMAIL: 'Send a test email',
  SYNC: 'Sync mail',
  SEND: 'Send email',
  SAVE: 'Save the connection',
};

export const stepStateText: Record<CheckStepState, string> = {
  pending: 'Not started',
  running: 'Checking…',
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Not run',
};

/** One sentence for the live region when a step changes; null when the change is not worth interrupting for. */
export function stepAnnouncement(step: VerificationStep, state: CheckStepState): string | null {
  const label = stepLabels[step];
  switch (state) {
    case 'running':
      return `${label}: checking.`;
    case 'passed':
      return `${label}: passed.`;
    case 'failed':
      return `${label}: failed.`;
    default:
      return null;
  }
}

/** Where the prefilled settings came from, said plainly, so the user knows how far to trust them. */
export function detectionSourceNote(
  source: DetectionSource,
  domain: string,
): { title: string; body: string } {
  switch (source) {
    case 'DOMAIN_SETTINGS':
      return {
        title: 'Settings from your administrator',
        body: `An Inlet admin set up the servers for ${domain}.`,
      };
    case 'KNOWN_PROVIDER':
      return {
        title: 'Settings of a well-known provider',
        body: `Inlet knows the servers of ${domain}.`,
      };
    case 'MX':
      return {
        title: "Found in your domain's mail records",
        body: `The MX records of ${domain} point at these servers.`,
      };
    case 'AUTOCONFIG':
      return {
        title: `Settings published by ${domain}`,
        body: 'Your email domain publishes them for mail apps (autoconfig).',
      };
    case 'ISPDB':
      return {
        title: 'Settings from the public ISP database',
        body: `The database mail apps use lists these servers for ${domain}.`,
      };
    case 'SRV':
      return {
        title: `Settings from the DNS records of ${domain}`,
        body: 'Your email domain names its mail servers in DNS.',
      };
    case 'GUESS':
      return {
        title: 'Suggested — Inlet will check them',
        body: `Inlet guessed these server names from ${domain}. The connection check tells you whether they are right; your email provider's help pages list the right ones.`,
      };
  }
}

/** The part after @, for notes (the gateway has already normalised the address). */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at === -1 ? email : email.slice(at + 1);
}
