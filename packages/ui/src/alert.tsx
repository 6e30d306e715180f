import type { ReactNode } from 'react';
import { cx } from './class-names';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface AlertProps {
  tone?: Exclude<Tone, 'neutral'>;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons shown under the message. */
  actions?: ReactNode;
  /**
   * `alert` interrupts a screen reader (use for problems that block the task), `status` waits
   * politely, `none` for static notes. Defaults to `alert` for warning and danger.
   */
  role?: 'alert' | 'status' | 'none';
  className?: string;
}

const icons: Record<NonNullable<AlertProps['tone']>, string> = {
  info: 'i',
  success: '✓',
  warning: '!',
  danger: '!',
};

export function Alert({ tone = 'info', title, children, actions, role, className }: AlertProps) {
  const effectiveRole = role ?? (tone === 'warning' || tone === 'danger' ? 'alert' : 'status');
  return (
    <div
      className={cx('ui-alert', `ui-alert--${tone}`, className)}
      role={effectiveRole === 'none' ? undefined : effectiveRole}
    >
      <span className="ui-alert__icon" aria-hidden="true">
        {icons[tone]}
      </span>
      <div className="ui-alert__content">
        {title && <p className="ui-alert__title">{title}</p>}
        {children && <div className="ui-alert__body">{children}</div>}
        {actions && <div className="ui-alert__actions">{actions}</div>}
      </div>
    </div>
  );
}
