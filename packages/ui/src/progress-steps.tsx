import type { ReactNode } from 'react';
import { cx } from './class-names';

export type ProgressStepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

export interface ProgressStep {
  id: string;
  label: ReactNode;
  status: ProgressStepStatus;
  /** What was found, or why it failed. */
  detail?: ReactNode;
}

export interface ProgressStepsProps {
  /** Names the list for screen readers, for example "Connection check". */
  label: string;
  steps: readonly ProgressStep[];
  /** The words for each state; the state is always written out, never shown by colour alone. */
  statusText?: Partial<Record<ProgressStepStatus, string>>;
  className?: string;
}

const defaultStatusText: Record<ProgressStepStatus, string> = {
  pending: 'Waiting',
  running: 'In progress',
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Skipped',
};

const icons: Record<ProgressStepStatus, string> = {
  pending: '',
  running: '',
  passed: '✓',
  failed: '✕',
  skipped: '–',
};

/**
 * An ordered checklist of steps, each with its state in words (and an icon and colour as extras).
 * It is not a live region itself: announce changes with a separate role="status" element, so a
 * screen reader reads one sentence per change instead of the whole list.
 */
export function ProgressSteps({ label, steps, statusText, className }: ProgressStepsProps) {
  const text = { ...defaultStatusText, ...statusText };
  return (
    <ol className={cx('ui-progress-steps', className)} aria-label={label}>
      {steps.map((step) => (
        <li
          key={step.id}
          className={cx('ui-progress-step', `ui-progress-step--${step.status}`)}
          aria-current={step.status === 'running' ? 'step' : undefined}
        >
          <span className="ui-progress-step__icon" aria-hidden="true">
            {step.status === 'running' ? <span className="ui-spinner" /> : icons[step.status]}
          </span>
          <div className="ui-progress-step__text">
            <span className="ui-progress-step__label">{step.label}</span>
            <span className="ui-progress-step__status">
              <span className="ui-visually-hidden">: </span>
              {text[step.status]}
            </span>
            {step.detail && <span className="ui-progress-step__detail">{step.detail}</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}
