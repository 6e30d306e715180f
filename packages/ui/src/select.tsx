import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx, describedBy } from './class-names';
import { FieldError, FieldHint, hasError } from './field-text';

export interface SelectOption<T extends string = string> {
  value: T;
  label: string;
}

export interface SelectProps<T extends string = string> extends Omit<ComponentPropsWithRef<'select'>, 'children' | 'value' | 'onChange'> {
  label: ReactNode;
  options: readonly SelectOption<T>[];
  value: T;
  onChange: (value: T) => void;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
}

export function Select<T extends string = string>({ label, options, value, onChange, hint, error, id, className, ...rest }: SelectProps<T>) {
  const autoId = useId();
  const selectId = id ?? `${autoId}-select`;
  const hintId = hint ? `${selectId}-hint` : undefined;
  const invalid = hasError(error);
  const errorId = invalid ? `${selectId}-error` : undefined;
  return (
    <div className={cx('ui-field', invalid && 'ui-field--invalid', className)}>
      <label htmlFor={selectId} className="ui-field__label">
        {label}
      </label>
      {hint && hintId && <FieldHint id={hintId}>{hint}</FieldHint>}
      <div className="ui-select">
        <select
          id={selectId}
          className="ui-input ui-select__control"
          value={value}
          // Options come from `options`, so the value is one of T.
          onChange={(event) => onChange(event.target.value as T)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(hintId, errorId)}
          {...rest}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {errorId && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}
