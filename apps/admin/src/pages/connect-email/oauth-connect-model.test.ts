import { describe, expect, it } from 'vitest';
import {
  decideStart,
  fallbackOAuthError,
  oauthProviderOf,
  oauthProviderOfRefusal,
  oauthReturnOf,
} from './oauth-connect-model';

describe('oauthProviderOf', () => {
  it('maps Gmail and Microsoft 365 to their sign-in service and nothing else', () => {
    expect(oauthProviderOf('GMAIL')).toBe('GOOGLE');
    expect(oauthProviderOf('MICROSOFT_365')).toBe('MICROSOFT');
    expect(oauthProviderOf('IMAP')).toBeNull();
    expect(oauthProviderOf('EXCHANGE')).toBeNull();
  });
});

describe('decideStart', () => {
  it('sends the browser to the authorization URL', () => {
    expect(
      decideStart(
        {
          __typename: 'OAuthConnectStarted',
          authorizationUrl: 'https://accounts.example/auth?x=1',
        },
        'Google',
      ),
    ).toEqual({
      kind: 'redirect',
      url: 'https://accounts.example/auth?x=1',
    });
  });

  it('shows a refusal with its hint, flagging an app that is not configured', () => {
    const decision = decideStart(
      {
        __typename: 'ConnectRefused',
        code: 'OAUTH_NOT_CONFIGURED',
        message: 'Connecting with Google is not set up in this Inlet yet.',
        hint: 'Ask your Inlet administrator.',
      },
      'Google',
    );
    expect(decision).toEqual({
      kind: 'problem',
      title: 'Connecting with Google is not set up in this Inlet yet.',
      hint: 'Ask your Inlet administrator.',
      appNotConfigured: true,
      alreadyConnected: false,
    });
    expect(
      decideStart(
        { __typename: 'ConnectRefused', code: 'ALREADY_CONNECTED', message: 'm', hint: 'h' },
        'Google',
      ),
    ).toMatchObject({
      appNotConfigured: false,
      alreadyConnected: true,
    });
  });

  it('uses the field message of a validation failure and words a NotFound', () => {
    expect(
      decideStart(
        {
          __typename: 'ValidationFailed',
          message: 'Invalid',
          fields: [{ field: 'email', message: 'Enter an email address.' }],
        },
        'Google',
      ),
    ).toMatchObject({
      kind: 'problem',
      title: 'Enter an email address.',
    });
    expect(decideStart({ __typename: 'NotFound', message: '' }, 'Microsoft')).toMatchObject({
      title: 'Connecting with Microsoft is not available.',
    });
  });
});

describe('oauthReturnOf', () => {
  it('reads the error code and attempt the callback put in the URL', () => {
    expect(oauthReturnOf(new URLSearchParams('oauthError=OAUTH_WRONG_ACCOUNT&attempt=a1'))).toEqual(
      { code: 'OAUTH_WRONG_ACCOUNT', attemptId: 'a1' },
    );
    expect(oauthReturnOf(new URLSearchParams('oauthError=OAUTH_STATE_INVALID'))).toEqual({
      code: 'OAUTH_STATE_INVALID',
      attemptId: null,
    });
    expect(oauthReturnOf(new URLSearchParams('email=a@b.c'))).toBeNull();
  });

  it('has words for a failure whose attempt cannot be read', () => {
    expect(fallbackOAuthError('OAUTH_CONSENT_DENIED').hint).toContain('Allow');
    expect(fallbackOAuthError('SOMETHING_NEW').message).toBe(
      'Signing in with your provider did not work.',
    );
  });
});

describe('oauthProviderOfRefusal', () => {
  it('takes the provider a USE_OAUTH refusal names in `provider`, whatever its message says', () => {
    const refusal = {
      code: 'USE_OAUTH',
      message: 'Connect this mailbox with Google instead of a password.',
      hint: '',
    };
    expect(oauthProviderOfRefusal({ ...refusal, provider: 'GMAIL' })).toBe('GOOGLE');
    expect(oauthProviderOfRefusal({ ...refusal, provider: 'MICROSOFT_365' })).toBe('MICROSOFT');
  });

  it('offers no sign-in for other refusals or a USE_OAUTH without a provider it knows', () => {
    expect(oauthProviderOfRefusal({ code: 'ALREADY_CONNECTED', provider: 'GMAIL' })).toBeNull();
    expect(oauthProviderOfRefusal({ code: 'USE_OAUTH', provider: null })).toBeNull();
    expect(oauthProviderOfRefusal({ code: 'USE_OAUTH', provider: 'EXCHANGE' })).toBeNull();
  });
});
