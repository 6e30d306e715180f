import { useId, type ReactNode } from 'react';
import { cx, describedBy } from './class-names';
import { FieldHint } from './field-text';

export interface CheckboxOption<T extends string = string> {
  value: T;
  label: ReactNode;
}

export interface CheckboxGroupProps<T extends string = string> {
  legend: ReactNode;
  options: readonly CheckboxOption<T>[];
  /** The ticked values; onChange gets them back in the order of `options`. */
  value: readonly T[];
  onChange: (value: T[]) => void;
  hint?: ReactNode;
  /** `chips` draws the options as a compact row of toggles (for filters); the native checkboxes stay. */
  variant?: 'stacked' | 'chips';
  /** Hides the legend visually; it is still read by screen readers. */
  hideLegend?: boolean;
  className?: string;
}

/** Several choices out of a list (a multi-select): a fieldset of real checkboxes, one tab stop each. */
export function CheckboxGroup<T extends string = string>({
  legend,
  options,
  value,
  onChange,
  hint,
  variant = 'stacked',
  hideLegend = false,
  className,
}: CheckboxGroupProps<T>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const ticked = new Set(value);
  const toggle = (option: T, checked: boolean) => {
    const next = new Set(ticked);
    if (checked) next.add(option);
    else next.delete(option);
    onChange(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return (
    <fieldset
      className={cx('ui-checkbox-group', `ui-checkbox-group--${variant}`, className)}
      aria-describedby={describedBy(hintId)}
    >
      <legend className={cx('ui-field__label', hideLegend && 'ui-visually-hidden')}>
        {legend}
      </legend>
      {hint && hintId && <FieldHint id={hintId}>{hint}</FieldHint>}
      <div className="ui-checkbox-group__options">
        {options.map((option) => {
          const optionId = `${id}-${option.value}`;
          const checked = ticked.has(option.value);
          return (
            <div
              key={option.value}
              className={cx(
                'ui-checkbox-group__option',
                checked && 'ui-checkbox-group__option--checked',
              )}
            >
              <input
                id={optionId}
                type="checkbox"
                className="ui-check__input"
                value={option.value}
                checked={checked}
                onChange={(event) => toggle(option.value, event.target.checked)}
              />
              <label htmlFor={optionId} className="ui-checkbox-group__label">
                {option.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
