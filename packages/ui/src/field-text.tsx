import type { ReactNode } from 'react';

/** Hint under a label; its id goes into the control's aria-describedby. */
export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="ui-field__hint">
      {children}
    </p>
  );
}

/** Error next to a control; its id goes into the control's aria-describedby. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="ui-field__error">
      <span className="ui-field__error-icon" aria-hidden="true">
        !
      </span>
      {children}
    </p>
  );
}

/** True when a field's `error` prop shows something (0 would render, so it counts; null, false and '' do not). */
export function hasError(error: ReactNode): boolean {
  return error !== undefined && error !== null && error !== false && error !== true && error !== '';
}
