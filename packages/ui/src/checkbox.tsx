import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './class-names';
import { FieldError, FieldHint } from './field-text';
import { useFieldIds } from './labelled-field';

export interface CheckboxProps extends Omit<ComponentPropsWithRef<'input'>, 'type' | 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
}

export function Checkbox({ label, hint, error, id, className, ...rest }: CheckboxProps) {
  const field = useFieldIds(id, 'checkbox', hint, error);
  return (
    <div className={cx('ui-check', field.invalid && 'ui-field--invalid', className)}>
      <input id={field.id} type="checkbox" className="ui-check__input" {...field.aria} {...rest} />
      <div className="ui-check__text">
        <label htmlFor={field.id} className="ui-check__label">
          {label}
        </label>
        {field.hintId && <FieldHint id={field.hintId}>{hint}</FieldHint>}
        {field.errorId && <FieldError id={field.errorId}>{error}</FieldError>}
      </div>
    </div>
  );
}
