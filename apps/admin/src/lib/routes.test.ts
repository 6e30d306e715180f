import { describe, expect, it } from 'vitest';
import { homePath, safeNextPath, signInPath } from './routes';

describe('routes', () => {
  it('sends admins and users to different start pages', () => {
    expect(homePath(true)).toBe('/domain-settings');
    expect(homePath(false)).toBe('/my-email');
  });

  it('accepts only console paths as the page to return to after sign-in', () => {
    expect(safeNextPath('/ip-allowlist?x=1')).toBe('/ip-allowlist?x=1');
    expect(safeNextPath('//evil.example/')).toBeUndefined();
    expect(safeNextPath('/\\evil.example')).toBeUndefined();
    expect(safeNextPath('https://evil.example/')).toBeUndefined();
    expect(safeNextPath('/sign-in?next=/x')).toBeUndefined();
    expect(safeNextPath(null)).toBeUndefined();
  });

  it('builds the sign-in URL with the page to return to', () => {
    expect(signInPath('/domain-settings')).toBe('/sign-in?next=%2Fdomain-settings');
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath()).toBe('/sign-in');
  });
});
