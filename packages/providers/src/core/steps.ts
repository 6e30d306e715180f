import {
  isProviderError,
  ProviderError,
  providerErrors,
  type ProviderErrorCode,
  type ProviderErrorOptions,
  type ProviderField,
  type ProviderStep,
} from './provider-error.js';

/** Where a connection check is: each step is reported live as it starts and ends. */
export type StepStatus = 'running' | 'passed' | 'failed' | 'skipped';

export interface StepReport {
  step: ProviderStep;
  status: StepStatus;
  /** What was seen (server name, TLS version, folders found...); never secrets. */
  detail?: string;
  /** Set when status is 'failed'. */
  error?: ProviderError;
}

export type OnStep = (report: StepReport) => void;

/**
 * Resolves a host name and checks that Inlet may connect to it on that port (the SSRF guard: a private
 * host only on the ports an admin or the operator configured for it). Throws a ProviderError to refuse.
 */
export type VetHost = (
  host: string,
  port: number,
) => Promise<{ host: string; address: string; family: 4 | 6 }>;

export interface VerificationTimeouts {
  /** Longest any single step may take (default 15 s). */
  stepMs?: number;
  /** Longest the whole check may take (default 60 s). */
  totalMs?: number;
}

export const DEFAULT_STEP_TIMEOUT_MS = 15_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;

/** The fields of one server's settings, so a failure highlights the IMAP or the SMTP input. */
export interface ServerFields {
  host: ProviderField;
  port: ProviderField;
  security: ProviderField;
  password: ProviderField;
}

export const IMAP_FIELDS: ServerFields = {
  host: 'imapHost',
  port: 'imapPort',
  security: 'imapSecurity',
  password: 'password',
};
export const SMTP_FIELDS: ServerFields = {
  host: 'smtpHost',
  port: 'smtpPort',
  security: 'smtpSecurity',
  password: 'smtpPassword',
};
/** An Exchange server is one field, its EWS URL. */
export const EXCHANGE_FIELDS: ServerFields = {
  host: 'exchangeUrl',
  port: 'exchangeUrl',
  security: 'exchangeUrl',
  password: 'password',
};

/** The catalogue's field for a code, translated to the server being checked (imapHost -> smtpHost for SMTP). */
export function fieldFor(code: ProviderErrorCode, fields: ServerFields): ProviderField | null {
  const catalogueField: ProviderField | null = providerErrors[code].field;
  switch (catalogueField) {
    case 'imapHost':
      return fields.host;
    case 'imapPort':
      return fields.port;
    case 'imapSecurity':
      return fields.security;
    case 'password':
      return code === 'AUTHENTICATION_FAILED' ? fields.password : catalogueField;
    default:
      return catalogueField;
  }
}

/** Builds a ProviderError for a step, with the field translated for the server being checked. */
export function stepError(
  code: ProviderErrorCode,
  step: ProviderStep,
  fields: ServerFields,
  detail?: string,
  cause?: unknown,
  extra: Pick<ProviderErrorOptions, 'suggestion' | 'certificate'> = {},
): ProviderError {
  return new ProviderError(code, {
    step,
    field: fieldFor(code, fields),
    detail,
    cause,
    ...extra,
  });
}

/** Marks a step's own timeout, so classification does not depend on what the aborted work threw. */
export class StepTimeout extends Error {
  constructor(
    readonly step: ProviderStep,
    readonly ms: number,
  ) {
    super(`${step} took longer than ${ms} ms`);
    this.name = 'StepTimeout';
  }
}

export interface StepRunnerOptions {
  onStep: OnStep;
  timeouts?: VerificationTimeouts;
  /** Steps in order; the ones never started are reported 'skipped' by finish(). */
  steps: readonly ProviderStep[];
  fields: ServerFields;
  /** Turns anything a step threw (that is not a ProviderError) into one. */
  classify: (err: unknown, step: ProviderStep) => ProviderError;
}

/**
 * Runs named steps one after another: reports each, bounds each by the step timeout and by what is
 * left of the total budget, aborts the step's work on timeout (its AbortSignal fires) and classifies
 * failures. A listener that throws does not break the check.
 */
export class StepRunner {
  private readonly started = new Set<ProviderStep>();
  private readonly deadline: number;
  private readonly stepMs: number;

  constructor(private readonly options: StepRunnerOptions) {
    this.stepMs = options.timeouts?.stepMs ?? DEFAULT_STEP_TIMEOUT_MS;
    this.deadline = Date.now() + (options.timeouts?.totalMs ?? DEFAULT_TOTAL_TIMEOUT_MS);
  }

  /** Milliseconds the next step may take. */
  budget(): number {
    return Math.max(0, Math.min(this.stepMs, this.deadline - Date.now()));
  }

  /**
   * Runs one step. `describe` turns its result into the passed report's detail; `timeoutDetail` adds
   * the likely cause to CONNECTION_TIMEOUT's detail (asked when the timeout happens).
   */
  async run<T>(
    step: ProviderStep,
    work: (signal: AbortSignal, budgetMs: number) => Promise<T>,
    describe?: (result: T) => string | undefined,
    timeoutDetail?: () => string | undefined,
  ): Promise<T> {
    this.started.add(step);
    this.report({ step, status: 'running' });
    const ms = this.budget();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new StepTimeout(step, ms);
          controller.abort(err);
          reject(err);
        }, ms);
      });
      const result = await Promise.race([work(controller.signal, ms), timeout]);
      this.report({ step, status: 'passed', detail: describe?.(result) });
      return result;
    } catch (err) {
      const error = this.toProviderError(err, step, timeoutDetail);
      controller.abort(error);
      this.report({ step, status: 'failed', error, detail: error.detail });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reports every declared step that never started as skipped. */
  finish(): void {
    for (const step of this.options.steps) {
      if (!this.started.has(step)) this.report({ step, status: 'skipped' });
    }
  }

  private toProviderError(
    err: unknown,
    step: ProviderStep,
    timeoutDetail: (() => string | undefined) | undefined,
  ): ProviderError {
    if (err instanceof StepTimeout) {
      const cause = timeoutDetail?.();
      const detail = `No answer within ${Math.round(err.ms / 100) / 10} s.${cause ? ` ${cause}` : ''}`;
      return stepError('CONNECTION_TIMEOUT', step, this.options.fields, detail, err);
    }
    if (isProviderError(err)) return err;
    return this.options.classify(err, step);
  }

  private report(report: StepReport): void {
    const clean = Object.fromEntries(
      Object.entries(report).filter(([, v]) => v !== undefined),
    ) as unknown as StepReport;
    try {
      this.options.onStep(clean);
    } catch {
      // a listener's failure is not the server's
    }
  }
}
