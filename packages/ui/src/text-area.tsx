import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './class-names';
import { LabelledField, useFieldIds } from './labelled-field';

export interface TextAreaProps extends Omit<ComponentPropsWithRef<'textarea'>, 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the text area, which is then marked aria-invalid. Text or inline elements (it goes in a <p>). */
  error?: ReactNode;
  /** Wraps the field, for grid placement. */
  className?: string;
  textAreaClassName?: string;
}

/** A labelled multi-line text field; hint and error are linked through aria-describedby, like TextField. */
export function TextArea({
  label,
  hint,
  error,
  id,
  className,
  textAreaClassName,
  rows = 6,
  ...rest
}: TextAreaProps) {
  const field = useFieldIds(id, 'textarea', hint, error);
  return (
    <LabelledField field={field} label={label} hint={hint} error={error} className={className}>
      <textarea
        id={field.id}
        rows={rows}
        className={cx('ui-input', 'ui-textarea', textAreaClassName)}
        {...field.aria}
        {...rest}
      />
    </LabelledField>
  );
}
