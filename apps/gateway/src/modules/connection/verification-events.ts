import type { ProviderError, StepReport } from '@inlet/providers';
import type { ResolversTypes, StepStatus } from '../../__generated__/resolvers-types.js';

const statusOf: Record<StepReport['status'], StepStatus> = {
  running: 'RUNNING',
  passed: 'PASSED',
  failed: 'FAILED',
  skipped: 'SKIPPED',
};

/** Which input a failure points at, given whether SMTP shares the IMAP credentials. */
function fieldFor(error: ProviderError, smtpSameCredentials: boolean): string | null {
  if (smtpSameCredentials && error.field === 'smtpPassword') return 'password';
  if (smtpSameCredentials && error.field === 'smtpUsername') return 'username';
  return error.field;
}

/** A failed check as the API answers it; its step is the provider's own (the schema names it). */
export function connectionFailed(
  error: ProviderError,
  smtpSameCredentials: boolean,
): Awaited<ResolversTypes['ConnectionFailed']> & { __typename: 'ConnectionFailed' } {
  return {
    __typename: 'ConnectionFailed',
    code: error.code,
    providerErrorCode: error.code,
    message: error.message,
    hint: error.hint,
    step: error.step,
    field: fieldFor(error, smtpSameCredentials),
    detail: error.detail ?? null,
    suggestion: error.suggestion ?? null,
  };
}

export function stepEvent(
  checkId: string,
  report: StepReport,
  smtpSameCredentials: boolean,
): Awaited<ResolversTypes['VerificationStepEvent']> {
  return {
    checkId,
    step: report.step,
    status: statusOf[report.status],
    detail: report.detail ?? null,
    error: report.error ? connectionFailed(report.error, smtpSameCredentials) : null,
  };
}
