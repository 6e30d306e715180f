import { isProviderError, type ProviderError } from '../core/provider-error.js';
import { SMTP_FIELDS, StepRunner, type OnStep } from '../core/steps.js';
import { classifySmtpError, type SmtpErrorContext } from './classify-smtp-error.js';
import { openSmtpSession, type SmtpSession } from './smtp-session.js';
import type { SmtpAccountInput, SmtpDeps } from './smtp-transport.js';

export type SmtpStepResult<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/** How a step gets its connection and what becomes of it after a success. */
export interface SmtpStepSession {
  /** An open, signed-in connection from an earlier step, used instead of opening one. */
  reuse?: SmtpSession;
  /** Leave the connection open after a success (the caller then owns it); it is closed on failure. */
  keepOpen?: boolean;
}

/**
 * One reported SMTP step ('smtp' or 'test-email'): opens the account's connection (vetted host,
 * mandatory TLS, AUTH) or takes over `session.reuse`, lets `use` work with it, ends it (unless
 * `session.keepOpen`), and reports `describe(value)` or the classified failure. Never throws.
 */
export async function runSmtpStep<T>(
  step: SmtpErrorContext['step'],
  input: SmtpAccountInput,
  deps: SmtpDeps,
  onStep: OnStep,
  use: (session: SmtpSession) => Promise<T>,
  describe: (value: T) => string,
  { reuse, keepOpen = false }: SmtpStepSession = {},
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
        const session = reuse ?? (await openSmtpSession(input, deps, step, signal, budgetMs));
        session.closeOn(signal);
        let done = false;
        try {
          const value = await use(session);
          done = true;
          return value;
        } finally {
          if (!done) session.close();
          else if (!keepOpen) session.quit();
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
