import type { ComponentPropsWithRef, ReactNode } from 'react';
import { LabelledField, useFieldIds } from './labelled-field';

export interface SelectOption<T extends string = string> {
  value: T;
  label: string;
}

export interface SelectProps<T extends string = string> extends Omit<
  ComponentPropsWithRef<'select'>,
  'children' | 'value' | 'onChange'
> {
  label: ReactNode;
  options: readonly SelectOption<T>[];
  value: T;
  onChange: (value: T) => void;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
}

export function Select<T extends string = string>({
  label,
  options,
  value,
  onChange,
  hint,
  error,
  id,
  className,
  ...rest
}: SelectProps<T>) {
  const field = useFieldIds(id, 'select', hint, error);
  return (
    <LabelledField field={field} label={label} hint={hint} error={error} className={className}>
      <div className="ui-select">
        <select
          id={field.id}
          className="ui-input ui-select__control"
          value={value}
          // Options come from `options`, so the value is one of T.
          onChange={(event) => onChange(event.target.value as T)}
          {...field.aria}
          {...rest}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    </LabelledField>
  );
}
