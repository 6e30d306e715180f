import { describe, expect, it } from 'vitest';
import {
  contactPath,
  homePath,
  navItemFor,
  pageTitle,
  passwordLinkUrl,
  reconnectEmailPath,
  safeNextPath,
  signInPath,
} from './routes';

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

  it('puts a password link secret in the fragment', () => {
    expect(passwordLinkUrl('https://inlet.example', 'pl_a-b')).toBe(
      'https://inlet.example/set-password#pl_a-b',
    );
  });

  it('builds the sign-in URL with the page to return to', () => {
    expect(signInPath('/domain-settings')).toBe('/sign-in?next=%2Fdomain-settings');
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath()).toBe('/sign-in');
  });

  it('keeps My email current in the navigation on the connect page, and titles it', () => {
    expect(navItemFor('/my-email/connect')?.label).toBe('My email');
    expect(navItemFor('/my-email')?.label).toBe('My email');
    expect(navItemFor('/my-emailx')).toBeUndefined();
    expect(pageTitle('/my-email/connect')).toBe('Connect personal email');
    expect(pageTitle('/ip-allowlist')).toBe('IP allowlist');
    expect(pageTitle('/my-email/reconnect')).toBe('Reconnect personal email');
    expect(pageTitle('/nothing')).toBe('Page not found');
    expect(reconnectEmailPath('a b/c')).toBe('/my-email/reconnect?id=a%20b%2Fc');
  });

  it('keeps Contacts current in the navigation on a contact page, and titles it', () => {
    expect(navItemFor('/contacts')?.label).toBe('Contacts');
    expect(navItemFor('/contacts/contact')?.label).toBe('Contacts');
    expect(pageTitle('/contacts')).toBe('Contacts');
    // The contact's page names the contact itself (useDocumentTitle in the page).
    expect(pageTitle('/contacts/contact')).toBeNull();
    expect(contactPath('a b/c')).toBe('/contacts/contact?id=a%20b%2Fc');
  });
});
