import { useEffect, useState } from 'react';

/**
 * A form's errors by field, and focus on the first invalid field. Focus moves only after the field
 * has rendered its error (and whatever section holds it has opened), so it is read with the field.
 */
export function useFieldErrors<F extends string, E>(
  fieldId: (field: F) => string,
  firstInvalid: (errors: Partial<Record<F, E>>) => F | undefined,
) {
  const [errors, setErrors] = useState<Partial<Record<F, E>>>({});
  const [pendingFocus, setPendingFocus] = useState<F | null>(null);

  useEffect(() => {
    if (!pendingFocus) return;
    document.getElementById(fieldId(pendingFocus))?.focus();
    setPendingFocus(null);
  });

  return {
    errors,
    /** Shows exactly these errors and focuses the first of them. */
    show(next: Partial<Record<F, E>>) {
      setErrors(next);
      const first = firstInvalid(next);
      if (first) setPendingFocus(first);
    },
    /** The field was edited: its error no longer applies. */
    clear(field: F) {
      if (errors[field] === undefined) return;
      setErrors((current) => {
        const rest = { ...current };
        delete rest[field];
        return rest;
      });
    },
    clearAll() {
      setErrors({});
    },
    focus: setPendingFocus,
  };
}
