import type { ComponentPropsWithRef } from 'react';
import { cx } from './class-names';

/** Text for screen readers only. */
export function VisuallyHidden({ className, ...rest }: ComponentPropsWithRef<'span'>) {
  return <span className={cx('ui-visually-hidden', className)} {...rest} />;
}
