/**
 * Places ValidationFailed.fields next to the form's controls (the first message for each); messages
 * about a field the form does not show come back apart, for the form's problem alert.
 */
export function placeValidationErrors<F extends string, E>(
  fields: readonly { field: string; message: string }[],
  controlOf: (field: string) => F | undefined,
  errorOf: (message: string) => E,
): { errors: Partial<Record<F, E>>; unplaced: string[] } {
  const errors: Partial<Record<F, E>> = {};
  const unplaced: string[] = [];
  for (const { field, message } of fields) {
    const control = controlOf(field);
    if (control) errors[control] ??= errorOf(message);
    else unplaced.push(message);
  }
  return { errors, unplaced };
}
