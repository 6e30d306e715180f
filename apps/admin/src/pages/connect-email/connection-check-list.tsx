import { ProgressSteps, VisuallyHidden } from '@inlet/ui';
import { stepAnnouncement, stepLabels, stepStateText } from './connect-email-labels';
import type { VerificationStep } from '@/gql/graphql';
import { startCheck, stepOf, type ConnectionCheck } from './connection-check-model';

export interface ConnectionCheckListProps {
  /** null before the first check: every step waits. */
  check: ConnectionCheck | null;
  /** The rows to show before the first check (the kind's steps); a check brings its own. */
  steps: readonly VerificationStep[];
}

function summaryOf(check: ConnectionCheck | null): string {
  if (!check)
    return 'When you select Connect, Inlet checks each step with your servers and shows it here.';
  switch (check.outcome) {
    case 'running':
      return 'Checking your servers. This usually takes a few seconds.';
    case 'connected':
      return 'Every step passed.';
    case 'failed': {
      const failed = check.steps.find((s) => s.state === 'failed');
      return failed
        ? `The check stopped at “${stepLabels[failed.step]}”. See what to change in the form, then connect again.`
        : 'The check failed.';
    }
    case 'interrupted':
      return 'The check did not finish.';
  }
}

/** What the live region says: the latest step change while running, then the outcome. */
function announcementOf(check: ConnectionCheck | null): string {
  if (!check) return '';
  if (check.outcome === 'connected') return 'Connection check: every step passed.';
  if (check.outcome === 'failed') {
    const failed = check.steps.find((s) => s.state === 'failed');
    return failed
      ? `Connection check failed at ${stepLabels[failed.step]}.`
      : 'Connection check failed.';
  }
  if (check.outcome === 'interrupted') return 'Connection check did not finish.';
  const changed = check.lastChanged && stepOf(check, check.lastChanged);
  return (changed && stepAnnouncement(changed.step, changed.state)) ?? 'Connection check started.';
}

/** The live checklist of a connection check: one row per step, state in words, changes announced politely. */
export function ConnectionCheckList({ check, steps: initialSteps }: ConnectionCheckListProps) {
  const steps = (check ?? startCheck('', initialSteps)).steps.map((s) => ({
    id: s.step,
    label: stepLabels[s.step],
    status: s.state,
    detail: s.detail,
  }));
  return (
    <>
      <p className="connect-check__summary">{summaryOf(check)}</p>
      <ProgressSteps
        label="Connection check"
        steps={steps}
        statusText={stepStateText}
        className="connect-check__steps"
      />
      <VisuallyHidden role="status">{announcementOf(check)}</VisuallyHidden>
    </>
  );
}
