import { isProviderError, type ProviderError } from '../core/provider-error.js';
import { SMTP_FIELDS, StepRunner, type OnStep } from '../core/steps.js';
import { classifySmtpError, type SmtpErrorContext } from './classify-smtp-error.js';
import {
  openSmtpTransport,
  type SmtpAccountInput,
  type SmtpConnection,
  type SmtpDeps,
} from './smtp-transport.js';

export type SmtpStepResult<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/**
 * One reported SMTP step ('smtp' or 'test-email'): opens the account's connection (vetted host,
 * mandatory TLS), lets `use` work with it, closes it, and reports `describe(value)` or the classified
 * failure. Never throws.
 */
export async function runSmtpStep<T>(
  step: SmtpErrorContext['step'],
  input: SmtpAccountInput,
  deps: SmtpDeps,
  onStep: OnStep,
  use: (connection: SmtpConnection) => Promise<T>,
  describe: (value: T) => string,
): Promise<SmtpStepResult<T>> {
  const context = { step, host: input.host, security: input.security };
  const runner = new StepRunner({
    onStep,
    timeouts: deps.timeouts,
    steps: [step],
    fields: SMTP_FIELDS,
    classify: (err) => classifySmtpError(err, context),
  });
  try {
    const value = await runner.run(
      step,
      async (signal, budgetMs) => {
        const connection = await openSmtpTransport(input, deps, step, signal, budgetMs);
        try {
          return await use(connection);
        } finally {
          connection.transporter.close();
        }
      },
      describe,
    );
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: isProviderError(err) ? err : classifySmtpError(err, context) };
  } finally {
    runner.finish();
  }
}
