import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx, describedBy } from './class-names';
import { FieldError, FieldHint, hasError } from './field-text';

export interface TextFieldProps extends Omit<ComponentPropsWithRef<'input'>, 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the input, which is then marked aria-invalid. Text or inline elements (it goes in a <p>). */
  error?: ReactNode;
  /** Wraps the field, for grid placement. */
  className?: string;
  inputClassName?: string;
}

export function TextField({ label, hint, error, id, className, inputClassName, type = 'text', ...rest }: TextFieldProps) {
  const autoId = useId();
  const inputId = id ?? `${autoId}-input`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const invalid = hasError(error);
  const errorId = invalid ? `${inputId}-error` : undefined;
  return (
    <div className={cx('ui-field', invalid && 'ui-field--invalid', className)}>
      <label htmlFor={inputId} className="ui-field__label">
        {label}
      </label>
      {hint && hintId && <FieldHint id={hintId}>{hint}</FieldHint>}
      <input
        id={inputId}
        type={type}
        className={cx('ui-input', inputClassName)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...rest}
      />
      {errorId && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}
