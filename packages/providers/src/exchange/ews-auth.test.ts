import { describe, expect, it } from 'vitest';
import { ProviderError } from '../core/provider-error.js';
import {
  chooseScheme,
  LoginAttempts,
  looksLikeExchangeOnline,
  MAX_REJECTED,
  parseAuthOffer,
  usernameForms,
} from './ews-auth.js';

describe('parseAuthOffer', () => {
  it('reads one challenge per header line, or several on one line', () => {
    expect(
      parseAuthOffer(['Negotiate', 'NTLM', 'Basic realm="mail.corp.example"']).schemes,
    ).toEqual(['Negotiate', 'NTLM', 'Basic']);
    expect(parseAuthOffer(['Negotiate, NTLM, Basic realm="a, b"']).schemes).toEqual([
      'Negotiate',
      'NTLM',
      'Basic',
    ]);
  });

  it('does not take parameters for schemes', () => {
    const offer = parseAuthOffer([
      'Bearer client_id="x", trusted_issuers="y", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
      'Basic Realm=""',
    ]);
    expect(offer.schemes).toEqual(['Bearer', 'Basic']);
    expect(offer.bearerAuthority).toBe('https://login.microsoftonline.com/common/oauth2/authorize');
    expect(looksLikeExchangeOnline(offer)).toBe(true);
  });

  it('does not take Hybrid Modern Auth on-premises (Bearer next to NTLM) for Exchange Online', () => {
    const offer = parseAuthOffer([
      'Bearer authorization_uri="https://login.windows.net/common/oauth2/authorize"',
      'Negotiate',
      'NTLM',
    ]);
    expect(looksLikeExchangeOnline(offer)).toBe(false);
    expect(chooseScheme(offer)).toBe('ntlm');
  });

  it('prefers Basic, then NTLM; Negotiate alone is unsupported', () => {
    expect(chooseScheme(parseAuthOffer(['Negotiate', 'NTLM', 'Basic realm="x"']))).toBe('basic');
    expect(chooseScheme(parseAuthOffer(['Negotiate']))).toBeUndefined();
  });
});

describe('usernameForms', () => {
  it.each([
    ['jane@corp.example', undefined, ['jane@corp.example', 'jane']],
    ['jane@corp.example', 'CORP\\jdoe', ['CORP\\jdoe', 'jdoe@corp.example']],
    ['jane@corp.example', 'jdoe@corp.local', ['jdoe@corp.local', 'jdoe']],
    ['jane@corp.example', 'jdoe', ['jdoe', 'jdoe@corp.example']],
    ['jane@corp.example', '  ', ['jane@corp.example', 'jane']],
  ])('%s / %j -> %j', (email, username, forms) => {
    expect(usernameForms(email, username)).toEqual(forms);
  });
});

describe('LoginAttempts', () => {
  it(`never presents more than ${MAX_REJECTED} refused user names in one check, whoever asks`, async () => {
    const attempts = new LoginAttempts(['jane@corp.example', 'jane']);
    const tried: string[] = [];
    const refuse = async (username: string) => {
      tried.push(username);
      return { rejected: true as const };
    };
    await expect(attempts.attempt(refuse, 'discovery')).rejects.toBeInstanceOf(ProviderError);
    await expect(attempts.attempt(refuse, 'login')).rejects.toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      step: 'login',
    });
    expect(tried).toEqual(['jane@corp.example', 'jane']);
  });

  it('keeps the form that worked and tries it first next time', async () => {
    const attempts = new LoginAttempts(['jane@corp.example', 'jane']);
    const tried: string[] = [];
    const onlyBare = async (username: string) => {
      tried.push(username);
      return username === 'jane'
        ? { rejected: false as const, value: 1 }
        : { rejected: true as const };
    };
    expect(await attempts.attempt(onlyBare, 'discovery')).toEqual({ username: 'jane', value: 1 });
    expect(await attempts.attempt(onlyBare, 'login')).toEqual({ username: 'jane', value: 1 });
    expect(tried).toEqual(['jane@corp.example', 'jane', 'jane']);
  });
});
