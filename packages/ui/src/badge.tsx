import type { ComponentPropsWithRef } from 'react';
import type { Tone } from './alert';
import { cx } from './class-names';

export interface BadgeProps extends ComponentPropsWithRef<'span'> {
  tone?: Tone;
}

export function Badge({ tone = 'neutral', className, ...rest }: BadgeProps) {
  return <span className={cx('ui-badge', `ui-badge--${tone}`, className)} {...rest} />;
}
