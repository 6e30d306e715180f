import { getFragmentData, graphql, type FragmentType } from '@/gql';

/**
 * What a form reads of a ValidationFailed answer: its summary and the message for each input field.
 * Spread into a mutation's result union; read with `validationFailure`.
 */
export const ValidationFailed_FieldsFragment = graphql(`
  fragment ValidationFailed_FieldsFragment on ValidationFailed {
    message
    fields {
      field
      message
    }
  }
`);

export function validationFailure(outcome: FragmentType<typeof ValidationFailed_FieldsFragment>) {
  return getFragmentData(ValidationFailed_FieldsFragment, outcome);
}

/**
 * The form's problem text after its errors were placed at the fields: the answer's message and what no
 * field shows, or null when every message stands at a field.
 */
export function unplacedMessage(
  message: string,
  unplaced: readonly string[],
  anyPlaced: boolean,
): string | null {
  return unplaced.length > 0 || !anyPlaced ? [message, ...unplaced].join(' ') : null;
}
