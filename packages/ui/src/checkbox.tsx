import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx, describedBy } from './class-names';
import { FieldError, FieldHint, hasError } from './field-text';

export interface CheckboxProps extends Omit<ComponentPropsWithRef<'input'>, 'type' | 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
}

export function Checkbox({ label, hint, error, id, className, ...rest }: CheckboxProps) {
  const autoId = useId();
  const inputId = id ?? `${autoId}-checkbox`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const invalid = hasError(error);
  const errorId = invalid ? `${inputId}-error` : undefined;
  return (
    <div className={cx('ui-check', invalid && 'ui-field--invalid', className)}>
      <input
        id={inputId}
        type="checkbox"
        className="ui-check__input"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...rest}
      />
      <div className="ui-check__text">
        <label htmlFor={inputId} className="ui-check__label">
          {label}
        </label>
        {hint && hintId && <FieldHint id={hintId}>{hint}</FieldHint>}
        {errorId && <FieldError id={errorId}>{error}</FieldError>}
      </div>
    </div>
  );
}
