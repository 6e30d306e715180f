import type { ComponentPropsWithRef, MouseEvent } from 'react';
import { cx } from './class-names';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  /** Shows the button as working and ignores clicks, without `disabled` (which would drop keyboard focus). */
  busy?: boolean;
}

/** A button's classes, for a link that should look like a button (navigation stays a real link). */
export function buttonClassName({
  variant = 'secondary',
  size = 'md',
  busy = false,
  className,
}: Pick<ButtonProps, 'variant' | 'size' | 'busy' | 'className'> = {}): string {
  return cx(
    'ui-button',
    `ui-button--${variant}`,
    size === 'sm' && 'ui-button--sm',
    busy && 'ui-button--busy',
    className,
  );
}

export function Button({
  variant = 'secondary',
  size = 'md',
  busy = false,
  type = 'button',
  className,
  onClick,
  children,
  ...rest
}: ButtonProps) {
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (busy) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      type={type}
      className={buttonClassName({ variant, size, busy, className })}
      aria-disabled={busy || undefined}
      onClick={handleClick}
      {...rest}
    >
      {busy && <span className="ui-spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
