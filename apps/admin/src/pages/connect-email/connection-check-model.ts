import { withoutRawCodes } from '@/lib/technical-codes';
import type { StepStatus, VerificationStep } from '@/gql/graphql';

export type CheckStepState = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

export interface CheckStep {
  step: VerificationStep;
  state: CheckStepState;
  /** What was found, or why it failed. */
  detail: string | null;
}

/** `interrupted`: the mutation itself failed (network, server error), so the outcome is unknown. */
export type CheckOutcome = 'running' | 'connected' | 'failed' | 'interrupted';

export interface ConnectionCheck {
  checkId: string;
  outcome: CheckOutcome;
  steps: CheckStep[];
  /** The step whose state changed last, for the live announcement. */
  lastChanged: VerificationStep | null;
}

/** A VerificationStepEvent as the subscription delivers it. */
export interface StepEvent {
  checkId: string;
  step: VerificationStep;
  status: StepStatus;
  detail?: string | null;
  error?: { message: string; detail?: string | null } | null;
}

const stateOf: Record<StepStatus, CheckStepState> = {
  RUNNING: 'running',
  PASSED: 'passed',
  FAILED: 'failed',
  SKIPPED: 'skipped',
};
const finalStates = new Set<CheckStepState>(['passed', 'failed', 'skipped']);

/** A new check over `steps` (its kind's, from Query.providers), every step waiting. */
export function startCheck(checkId: string, steps: readonly VerificationStep[]): ConnectionCheck {
  return {
    checkId,
    outcome: 'running',
    steps: steps.map((step) => ({ step, state: 'pending', detail: null })),
    lastChanged: null,
  };
}

/**
 * The row a reported step belongs to. A check without a VET row (Exchange) shows a VET report as
 * DISCOVERY: a gateway that does not report DISCOVERY yet names the same step (finding and vetting
 * the server) VET.
 */
export function rowFor(check: ConnectionCheck, step: VerificationStep): VerificationStep {
  if (step === 'VET' && !stepOf(check, 'VET') && stepOf(check, 'DISCOVERY')) return 'DISCOVERY';
  return step;
}

// A checklist row is read by the user: raw library codes stay in the problem's technical details.
function failureText(message: string, detail: string | null | undefined): string {
  const plain = detail && withoutRawCodes(detail);
  return plain ? `${message} ${plain}` : message;
}

/**
 * Paints one pushed event. Events of another check are ignored, a finished step never goes back to
 * running, and once the mutation has answered (the authority) a late event may only add a detail.
 */
export function applyStepEvent(check: ConnectionCheck, event: StepEvent): ConnectionCheck {
  if (event.checkId !== check.checkId) return check;
  const row = rowFor(check, event.step);
  const state = stateOf[event.status];
  const detail = event.error
    ? failureText(event.error.message, event.error.detail ?? event.detail)
    : (event.detail ?? null);
  let changed = false;
  const steps = check.steps.map((current) => {
    if (current.step !== row) return current;
    if (check.outcome !== 'running') {
      if (current.state !== state || current.detail || !detail) return current;
      changed = true;
      return { ...current, detail };
    }
    if (finalStates.has(current.state) && state === 'running') return current;
    changed = true;
    return {
      ...current,
      state,
      detail: detail ?? (current.state === state ? current.detail : null),
    };
  });
  if (!changed) return check;
  return { ...check, steps, lastChanged: check.outcome === 'running' ? row : check.lastChanged };
}

/**
 * The connection was saved, so every step passed: steps whose events were missed (the subscription
 * can start a moment after the check) are marked passed too, except those reported as skipped.
 */
export function finishConnected(check: ConnectionCheck): ConnectionCheck {
  return {
    ...check,
    outcome: 'connected',
    steps: check.steps.map((s) =>
      s.state === 'skipped' || s.state === 'passed' ? s : { ...s, state: 'passed' },
    ),
  };
}

/**
 * The check stopped at `failure.step` (ConnectionFailed, the authority). Steps run one after
 * another, so the ones before it passed and the ones after it did not run.
 */
export function finishFailed(
  check: ConnectionCheck,
  failure: { step: VerificationStep; message: string; detail?: string | null },
): ConnectionCheck {
  const row = rowFor(check, failure.step);
  const failedAt = check.steps.findIndex((s) => s.step === row);
  // A step this list does not show: nothing can be said about the rows, only that the check stopped.
  if (failedAt === -1) return finishInterrupted({ ...check, outcome: 'failed' }, 'failed');
  return {
    ...check,
    outcome: 'failed',
    lastChanged: row,
    steps: check.steps.map((s, index) => {
      if (index < failedAt)
        return s.state === 'pending' || s.state === 'running' ? { ...s, state: 'passed' } : s;
      if (index === failedAt)
        return { ...s, state: 'failed', detail: failureText(failure.message, failure.detail) };
      return s.state === 'skipped' ? s : { ...s, state: 'skipped', detail: null };
    }),
  };
}

/** Nothing authoritative came back: a running step is shown as not finished again. */
export function finishInterrupted(
  check: ConnectionCheck,
  outcome: 'interrupted' | 'failed' = 'interrupted',
): ConnectionCheck {
  return {
    ...check,
    outcome,
    steps: check.steps.map((s) => (s.state === 'running' ? { ...s, state: 'pending' } : s)),
  };
}

export function stepOf(check: ConnectionCheck, step: VerificationStep): CheckStep | undefined {
  return check.steps.find((s) => s.step === step);
}
