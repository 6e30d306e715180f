import type { ProviderError, ProviderStep, StepReport } from '@inlet/providers';
import type { ConnectionFailed, StepStatus, VerificationStep } from '../../__generated__/resolvers-types.js';

const stepOf: Record<ProviderStep, VerificationStep> = {
  input: 'VET',
  dns: 'VET',
  vet: 'VET',
  discovery: 'DISCOVERY',
  tcp: 'TCP',
  tls: 'TLS',
  greeting: 'GREETING',
  login: 'LOGIN',
  folders: 'FOLDERS',
  sync: 'FOLDERS',
  smtp: 'SMTP',
  'test-email': 'TEST_EMAIL',
  send: 'TEST_EMAIL',
};

const statusOf: Record<StepReport['status'], StepStatus> = { running: 'RUNNING', passed: 'PASSED', failed: 'FAILED', skipped: 'SKIPPED' };

/** Which input a failure points at, given whether SMTP shares the IMAP credentials. */
function fieldFor(error: ProviderError, smtpSameCredentials: boolean): string | null {
  if (smtpSameCredentials && error.field === 'smtpPassword') return 'password';
  if (smtpSameCredentials && error.field === 'smtpUsername') return 'username';
  return error.field;
}

export function connectionFailed(error: ProviderError, smtpSameCredentials: boolean): ConnectionFailed & { __typename: 'ConnectionFailed' } {
  return {
    __typename: 'ConnectionFailed',
    code: error.code,
    message: error.message,
    hint: error.hint,
    step: stepOf[error.step],
    field: fieldFor(error, smtpSameCredentials),
    detail: error.detail ?? null,
  };
}

export function stepEvent(checkId: string, report: StepReport, smtpSameCredentials: boolean) {
  return {
    checkId,
    step: stepOf[report.step],
    status: statusOf[report.status],
    detail: report.detail ?? null,
    error: report.error ? connectionFailed(report.error, smtpSameCredentials) : null,
  };
}
