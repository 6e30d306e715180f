import type { ComponentPropsWithRef, ReactNode } from 'react';
import type { Tone } from './alert';
import { cx } from './class-names';

export interface BadgeProps extends ComponentPropsWithRef<'span'> {
  tone?: Tone;
  /** `strong` fills the badge with its tone, for a state that needs someone to act. */
  emphasis?: 'soft' | 'strong';
  /** A small symbol before the text, repeating it for those who do not tell colours apart (hidden from screen readers). */
  icon?: ReactNode;
}

export function Badge({
  tone = 'neutral',
  emphasis = 'soft',
  icon,
  className,
  children,
  ...rest
}: BadgeProps) {
  return (
    <span
      className={cx(
        'ui-badge',
        `ui-badge--${tone}`,
        emphasis === 'strong' && 'ui-badge--strong',
        className,
      )}
      {...rest}
    >
      {icon !== undefined && icon !== null && (
        <span className="ui-badge__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      {children}
    </span>
  );
}
