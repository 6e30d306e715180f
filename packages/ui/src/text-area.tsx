import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx, describedBy } from './class-names';
import { FieldError, FieldHint, hasError } from './field-text';

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
export function TextArea({ label, hint, error, id, className, textAreaClassName, rows = 6, ...rest }: TextAreaProps) {
  const autoId = useId();
  const inputId = id ?? `${autoId}-textarea`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const invalid = hasError(error);
  const errorId = invalid ? `${inputId}-error` : undefined;
  return (
    <div className={cx('ui-field', invalid && 'ui-field--invalid', className)}>
      <label htmlFor={inputId} className="ui-field__label">
        {label}
      </label>
      {hint && hintId && <FieldHint id={hintId}>{hint}</FieldHint>}
      <textarea
        id={inputId}
        rows={rows}
        className={cx('ui-input', 'ui-textarea', textAreaClassName)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...rest}
      />
      {errorId && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}
