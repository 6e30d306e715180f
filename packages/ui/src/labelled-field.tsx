import { useId, type ReactNode } from 'react';
import { cx, describedBy } from './class-names';
import { FieldError, FieldHint, hasError } from './field-text';

/** How a form control is tied to its label, hint and error. */
export interface FieldIds {
  /** The control's id (the label's htmlFor). */
  id: string;
  hintId: string | undefined;
  errorId: string | undefined;
  invalid: boolean;
  /** For the control: marks it invalid and points it at its hint and error. */
  aria: { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };
}

/** The ids of a control (`id`, or one of its own ending in `-<kind>`) and of its hint and error when it shows them. */
export function useFieldIds(
  id: string | undefined,
  kind: string,
  hint: ReactNode,
  error: ReactNode,
): FieldIds {
  const autoId = useId();
  const controlId = id ?? `${autoId}-${kind}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const invalid = hasError(error);
  const errorId = invalid ? `${controlId}-error` : undefined;
  return {
    id: controlId,
    hintId,
    errorId,
    invalid,
    aria: {
      'aria-invalid': invalid || undefined,
      'aria-describedby': describedBy(hintId, errorId),
    },
  };
}

export interface LabelledFieldProps {
  field: FieldIds;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  /** The control, with `field.id` and `field.aria`. */
  children: ReactNode;
}

/** Label, hint, the control and its error, stacked: the frame of TextField, TextArea and Select. */
export function LabelledField({
  field,
  label,
  hint,
  error,
  className,
  children,
}: LabelledFieldProps) {
  return (
    <div className={cx('ui-field', field.invalid && 'ui-field--invalid', className)}>
      <label htmlFor={field.id} className="ui-field__label">
        {label}
      </label>
      {field.hintId && <FieldHint id={field.hintId}>{hint}</FieldHint>}
      {children}
      {field.errorId && <FieldError id={field.errorId}>{error}</FieldError>}
    </div>
  );
}
