import { useId, type ReactNode, type Ref } from 'react';
import { cx, describedBy } from './class-names';
import { FieldError, FieldHint } from './field-text';

export interface RadioOption<T extends string = string> {
  value: T;
  label: ReactNode;
  hint?: ReactNode;
}

export interface RadioGroupProps<T extends string = string> {
  legend: ReactNode;
  name: string;
  options: readonly RadioOption<T>[];
  value: T;
  onChange: (value: T) => void;
  hint?: ReactNode;
  error?: string | null | undefined;
  /** `segmented` draws the options as a compact toggle (for view options such as a format). */
  variant?: 'stacked' | 'inline' | 'segmented';
  /** Hides the legend visually; it is still read by screen readers. */
  hideLegend?: boolean;
  className?: string;
  /** Receives the first radio, to move focus to the group. */
  firstRadioRef?: Ref<HTMLInputElement>;
}

/** A fieldset with a legend: screen readers announce the question with every option. */
export function RadioGroup<T extends string = string>({
  legend,
  name,
  options,
  value,
  onChange,
  hint,
  error,
  variant = 'stacked',
  hideLegend = false,
  className,
  firstRadioRef,
}: RadioGroupProps<T>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      className={cx(
        'ui-radio-group',
        `ui-radio-group--${variant}`,
        error && 'ui-field--invalid',
        className,
      )}
      aria-describedby={describedBy(hintId, errorId)}
    >
      <legend className={cx('ui-field__label', hideLegend && 'ui-visually-hidden')}>
        {legend}
      </legend>
      {hint && hintId && <FieldHint id={hintId}>{hint}</FieldHint>}
      <div className="ui-radio-group__options">
        {options.map((option, index) => {
          const optionId = `${id}-${option.value}`;
          const optionHintId = option.hint ? `${optionId}-hint` : undefined;
          return (
            <div
              key={option.value}
              className={cx('ui-radio', option.value === value && 'ui-radio--checked')}
            >
              <input
                ref={index === 0 ? firstRadioRef : undefined}
                id={optionId}
                type="radio"
                className="ui-radio__input"
                name={name}
                value={option.value}
                checked={option.value === value}
                onChange={() => onChange(option.value)}
                aria-describedby={describedBy(optionHintId, errorId)}
              />
              <div className="ui-radio__text">
                <label htmlFor={optionId} className="ui-radio__label">
                  {option.label}
                </label>
                {option.hint && optionHintId && (
                  <span id={optionHintId} className="ui-radio__hint">
                    {option.hint}
                  </span>
                )}
              </div>
            </div>
          );
        })}
      </div>
      {error && errorId && <FieldError id={errorId}>{error}</FieldError>}
    </fieldset>
  );
}
