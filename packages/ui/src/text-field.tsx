import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './class-names';
import { LabelledField, useFieldIds } from './labelled-field';

export interface TextFieldProps extends Omit<ComponentPropsWithRef<'input'>, 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the input, which is then marked aria-invalid. Text or inline elements (it goes in a <p>). */
  error?: ReactNode;
  /** Wraps the field, for grid placement. */
  className?: string;
  inputClassName?: string;
}

export function TextField({
  label,
  hint,
  error,
  id,
  className,
  inputClassName,
  type = 'text',
  ...rest
}: TextFieldProps) {
  const field = useFieldIds(id, 'input', hint, error);
  return (
    <LabelledField field={field} label={label} hint={hint} error={error} className={className}>
      <input
        id={field.id}
        type={type}
        className={cx('ui-input', inputClassName)}
        {...field.aria}
        {...rest}
      />
    </LabelledField>
  );
}
