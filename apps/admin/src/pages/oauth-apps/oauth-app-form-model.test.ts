import { describe, expect, it } from 'vitest';
import { firstInvalid, placeOAuthAppErrors, validateOAuthAppForm } from './oauth-app-form-model';

describe('validateOAuthAppForm', () => {
  it('asks for the client ID and the secret', () => {
    const errors = validateOAuthAppForm({ clientId: ' ', clientSecret: '' }, false);
    expect(errors).toEqual({
      clientId: 'Enter the client ID of the OAuth app.',
      clientSecret: 'Enter the client secret of the OAuth app.',
    });
    expect(firstInvalid(errors)).toBe('clientId');
  });

  it('explains that a saved secret must be typed again', () => {
    expect(
      validateOAuthAppForm({ clientId: 'abc', clientSecret: '' }, true).clientSecret,
    ).toContain('never shows the saved one');
    expect(validateOAuthAppForm({ clientId: 'abc', clientSecret: 's3cret' }, true)).toEqual({});
  });
});

describe('placeOAuthAppErrors', () => {
  it('puts field errors next to their inputs and keeps the rest', () => {
    expect(
      placeOAuthAppErrors([
        { field: 'clientId', message: 'Too long.' },
        { field: 'endpoints.authorizationUrl', message: 'Use https.' },
      ]),
    ).toEqual({ errors: { clientId: 'Too long.' }, unplaced: ['Use https.'] });
  });
});
