import { describe, expect, it } from 'vitest';
import { portSecurityWarning } from './mail-security';

describe('portSecurityWarning', () => {
  it('warns about SSL/TLS on a STARTTLS port and STARTTLS on an SSL/TLS port', () => {
    expect(portSecurityWarning('587', 'SSL_TLS')).toMatch(/^Port 587 usually expects STARTTLS/);
    expect(portSecurityWarning('465', 'STARTTLS')).toMatch(/^Port 465 usually expects SSL\/TLS/);
    expect(portSecurityWarning(' 993 ', 'STARTTLS')).toMatch(/^Port 993 usually expects SSL\/TLS/);
  });

  it('is quiet for the usual pairs, custom ports and half-typed values', () => {
    expect(portSecurityWarning('993', 'SSL_TLS')).toBeUndefined();
    expect(portSecurityWarning('587', 'STARTTLS')).toBeUndefined();
    expect(portSecurityWarning('2525', 'SSL_TLS')).toBeUndefined();
    expect(portSecurityWarning('58', 'SSL_TLS')).toBeUndefined();
  });
});
