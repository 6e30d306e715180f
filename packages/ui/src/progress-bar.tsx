import { useId } from 'react';
import { cx } from './class-names';

export interface ProgressBarProps {
  /** What is in progress, for example "Syncing INBOX". Visible, and the bar's accessible name. */
  label: string;
  /** Done so far. */
  value: number;
  /** Total; 0 or less draws an indeterminate bar (nothing counted yet). */
  max: number;
  /** The value in words, for example "120 of 340". Shown after the label and read as aria-valuetext. */
  valueText?: string;
  className?: string;
}

/**
 * A labelled progress bar (role=progressbar with its value in words). Not a live region: a bar that
 * moves every second would talk over everything, so announce milestones with a separate status.
 */
export function ProgressBar({ label, value, max, valueText, className }: ProgressBarProps) {
  const labelId = `${useId()}-label`;
  const determinate = max > 0;
  const clamped = determinate ? Math.min(Math.max(value, 0), max) : 0;
  const percent = determinate ? Math.round((clamped / max) * 100) : 0;
  return (
    <div className={cx('ui-progress', !determinate && 'ui-progress--indeterminate', className)}>
      <p className="ui-progress__text">
        <span id={labelId} className="ui-progress__label">
          {label}
        </span>
        {valueText && (
          // The bar itself reads the value (aria-valuetext); the visible copy is for sighted users.
          <span className="ui-progress__value" aria-hidden="true">
            : {valueText}
          </span>
        )}
      </p>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={determinate ? 0 : undefined}
        aria-valuemax={determinate ? max : undefined}
        aria-valuenow={determinate ? clamped : undefined}
        aria-valuetext={valueText}
        className="ui-progress__track"
      >
        <span
          className="ui-progress__fill"
          style={determinate ? { width: `${percent}%` } : undefined}
        />
      </div>
    </div>
  );
}
