import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx, describedBy } from './class-names';
import { FieldError, FieldHint } from './field-text';

export interface CheckboxProps extends Omit<ComponentPropsWithRef<'input'>, 'type' | 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  className?: string;
}

export function Checkbox({ label, hint, error, id, className, ...rest }: CheckboxProps) {
  const autoId = useId();
  const inputId = id ?? `${autoId}-checkbox`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={cx('ui-check', error && 'ui-field--invalid', className)}>
      <input
        id={inputId}
        type="checkbox"
        className="ui-check__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...rest}
      />
      <div className="ui-check__text">
        <label htmlFor={inputId} className="ui-check__label">
          {label}
        </label>
        {hint && hintId && <FieldHint id={hintId}>{hint}</FieldHint>}
        {error && errorId && <FieldError id={errorId}>{error}</FieldError>}
      </div>
    </div>
  );
}
