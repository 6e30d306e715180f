import type { ReactNode } from 'react';
import { cx } from './class-names';

export interface EmptyStateProps {
  title: ReactNode;
  children?: ReactNode;
  /** Usually one primary button. */
  action?: ReactNode;
  /** Heading level, so the state fits the page outline. */
  headingLevel?: 2 | 3;
  className?: string;
}

export function EmptyState({
  title,
  children,
  action,
  headingLevel = 2,
  className,
}: EmptyStateProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={cx('ui-empty-state', className)}>
      <span className="ui-empty-state__mark" aria-hidden="true" />
      <Heading className="ui-empty-state__title">{title}</Heading>
      {children && <div className="ui-empty-state__body">{children}</div>}
      {action && <div className="ui-empty-state__action">{action}</div>}
    </section>
  );
}
