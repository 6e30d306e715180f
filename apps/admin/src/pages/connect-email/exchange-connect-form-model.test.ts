import { describe, expect, it } from 'vitest';
import {
  exchangeFieldForProblem,
  exchangeValuesFromSettings,
  firstInvalidExchangeField,
  initialExchangeValues,
  needsOptionalFields,
  optionalFieldsSummary,
  placeExchangeFieldErrors,
  toConnectExchangeInput,
} from './exchange-connect-form-model';

describe('Exchange connect form model', () => {
  it('starts from the address and the Exchange URL detection found', () => {
    expect(
      initialExchangeValues('jane@corp.example', {
        exchangeUrl: 'https://mail.corp.example/EWS/Exchange.asmx',
      }),
    ).toEqual({
      email: 'jane@corp.example',
      password: '',
      username: '',
      exchangeUrl: 'https://mail.corp.example/EWS/Exchange.asmx',
    });
    expect(initialExchangeValues('jane@corp.example', null).exchangeUrl).toBe('');
    expect(initialExchangeValues('jane@corp.example', { exchangeUrl: null }).exchangeUrl).toBe('');
  });

  it('reconnects from the saved sign-in name and EWS URL, with an empty password', () => {
    const ewsUrl = 'https://mail.corp.example/EWS/Exchange.asmx';
    expect(
      exchangeValuesFromSettings('jane@corp.example', { username: 'CORP\\jane', ewsUrl }),
    ).toEqual({
      email: 'jane@corp.example',
      password: '',
      username: 'CORP\\jane',
      exchangeUrl: ewsUrl,
    });
    // The address itself (any case) is what an empty username signs in with already.
    expect(
      exchangeValuesFromSettings('jane@corp.example', { username: 'Jane@Corp.example', ewsUrl })
        .username,
    ).toBe('');
  });

  it('asks for the password before anything is sent', () => {
    const result = toConnectExchangeInput(initialExchangeValues('jane@corp.example', null));
    expect(result).toEqual({
      ok: false,
      errors: { password: { message: 'Enter the password of this mailbox.' } },
    });
  });

  it('sends the password as typed and leaves empty optional fields out', () => {
    const values = {
      email: ' jane@corp.example ',
      password: ' secret ',
      username: '  ',
      exchangeUrl: '',
    };
    expect(toConnectExchangeInput(values, 'c1')).toEqual({
      ok: true,
      input: { checkId: 'c1', email: 'jane@corp.example', password: ' secret ' },
    });
  });

  it('sends a username and a trimmed Exchange URL when given', () => {
    const values = {
      email: 'jane@corp.example',
      password: 'p',
      username: ' CORP\\jane ',
      exchangeUrl: ' mail.corp.example ',
    };
    expect(toConnectExchangeInput(values)).toEqual({
      ok: true,
      input: {
        email: 'jane@corp.example',
        password: 'p',
        username: 'CORP\\jane',
        exchangeUrl: 'mail.corp.example',
      },
    });
  });

  it('places gateway problems at the form fields and keeps the others apart', () => {
    expect(exchangeFieldForProblem('exchangeUrl')).toBe('exchangeUrl');
    expect(exchangeFieldForProblem('input.password')).toBe('password');
    expect(exchangeFieldForProblem('imapHost')).toBeUndefined();
    expect(exchangeFieldForProblem(null)).toBeUndefined();
    const placed = placeExchangeFieldErrors([
      { field: 'input.exchangeUrl', message: 'Not a URL.' },
      { field: 'exchangeUrl', message: 'Second.' },
      { field: 'checkId', message: 'Bad id.' },
    ]);
    expect(placed).toEqual({
      errors: { exchangeUrl: { message: 'Not a URL.' } },
      unplaced: ['Bad id.'],
    });
  });

  it('opens the optional fields only for a problem inside them, and focuses the first problem', () => {
    expect(needsOptionalFields({ password: { message: 'x' } })).toBe(false);
    expect(needsOptionalFields({ exchangeUrl: { message: 'x' } })).toBe(true);
    expect(needsOptionalFields({ username: { message: 'x' } })).toBe(true);
    expect(
      firstInvalidExchangeField({ exchangeUrl: { message: 'x' }, password: { message: 'y' } }),
    ).toBe('password');
  });

  it('summarises what the closed optional fields will do', () => {
    expect(optionalFieldsSummary(initialExchangeValues('jane@corp.example', null))).toBe(
      'Sign in as jane@corp.example · Inlet finds your Exchange server',
    );
    expect(
      optionalFieldsSummary({
        email: 'jane@corp.example',
        password: '',
        username: 'CORP\\jane',
        exchangeUrl: 'mail.corp.example',
      }),
    ).toBe('Sign in as CORP\\jane · at mail.corp.example');
  });
});
