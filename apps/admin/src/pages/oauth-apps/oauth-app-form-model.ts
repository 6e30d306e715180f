import { placeValidationErrors } from '@/lib/place-validation-errors';

/** The OAuth app form: client ID and a write-only secret. */
export interface OAuthAppFormValues {
  clientId: string;
  clientSecret: string;
}

export type OAuthAppField = keyof OAuthAppFormValues;
export type OAuthAppErrors = Partial<Record<OAuthAppField, string>>;

/** What must be filled in before asking the gateway (the secret is never shown, so it is typed on every save). */
export function validateOAuthAppForm(
  values: OAuthAppFormValues,
  secretConfigured: boolean,
): OAuthAppErrors {
  const errors: OAuthAppErrors = {};
  if (!values.clientId.trim()) errors.clientId = 'Enter the client ID of the OAuth app.';
  if (!values.clientSecret.trim()) {
    errors.clientSecret = secretConfigured
      ? 'Enter the client secret again: Inlet never shows the saved one, and saving replaces it.'
      : 'Enter the client secret of the OAuth app.';
  }
  return errors;
}

/** ValidationFailed fields next to the inputs they belong to; the rest for the form's own alert. */
export function placeOAuthAppErrors(fields: readonly { field: string; message: string }[]): {
  errors: OAuthAppErrors;
  unplaced: string[];
} {
  return placeValidationErrors(
    fields,
    (field) => (field === 'clientId' || field === 'clientSecret' ? field : undefined),
    (message) => message,
  );
}

export const firstInvalid = (errors: OAuthAppErrors): OAuthAppField | undefined =>
  (['clientId', 'clientSecret'] as const).find((f) => errors[f]);
