import { outcomeWords } from './outcomes.js';

/** One invalid input field, as returned in ValidationFailed.fields. */
export interface FieldProblem {
  field: string;
  message: string;
  /** A corrected value the console offers as a one-click fix. */
  suggestion?: string;
}

export function validationFailed(fields: FieldProblem[]) {
  return {
    __typename: 'ValidationFailed' as const,
    code: 'VALIDATION_FAILED',
    message: fields.length === 1 ? fields[0]!.message : `${fields.length} fields need attention.`,
    fields,
  };
}

export function notFound(what: string) {
  return {
    __typename: 'NotFound' as const,
    code: 'NOT_FOUND',
    message: outcomeWords('NOT_FOUND', { what }).message,
  };
}
