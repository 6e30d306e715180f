import { describe, expect, it } from 'vitest';
import {
  decodePoxServerVersion,
  describeVersion,
  encodePoxServerVersion,
  isExchangeOnlineVersion,
  isSupportedVersion,
  parseDottedVersion,
  versionFromAttributes,
} from './server-version.js';

describe('server versions', () => {
  it.each([
    [{ major: 14, minor: 1 }, false, 'Exchange 2010 SP1 (14.1)'],
    [{ major: 14, minor: 2, build: 328, revision: 9 }, true, 'Exchange 2010 SP2 (14.2)'],
    [{ major: 14, minor: 3 }, true, 'Exchange 2010 SP3 (14.3)'],
    [{ major: 8, minor: 3 }, false, 'Exchange 2007 SP3 (8.3)'],
    [{ major: 15, minor: 0, build: 1497, revision: 2 }, true, 'Exchange 2013 (15.0.1497.2)'],
    [{ major: 15, minor: 20, build: 7452, revision: 50 }, true, 'Exchange Online (15.20.7452.50)'],
  ])('%j: supported %s, %s', (version, supported, text) => {
    expect(isSupportedVersion(version)).toBe(supported);
    expect(describeVersion(version)).toBe(text);
  });

  it('compares numbers, not the Version string', () => {
    const v = versionFromAttributes({
      MajorVersion: '15',
      MinorVersion: '1',
      MajorBuildNumber: '2507',
      MinorBuildNumber: '6',
      Version: 'V2017_07_11',
    });
    expect(v).toEqual({
      major: 15,
      minor: 1,
      build: 2507,
      revision: 6,
      versionString: 'V2017_07_11',
    });
    expect(isExchangeOnlineVersion(v!)).toBe(false);
    expect(isExchangeOnlineVersion({ major: 15, minor: 20 })).toBe(true);
    expect(versionFromAttributes({ Version: 'Exchange2010_SP2' })).toBeUndefined();
  });

  it('decodes the POX ServerVersion hex', () => {
    expect(decodePoxServerVersion('738180DA')).toEqual({ major: 14, minor: 1, build: 218 });
    expect(decodePoxServerVersion('72008287')).toEqual({ major: 8, minor: 0, build: 647 });
    expect(decodePoxServerVersion('73C18193')).toEqual({ major: 15, minor: 1, build: 403 });
    expect(encodePoxServerVersion({ major: 14, minor: 1, build: 218 })).toBe('738180DA');
    expect(decodePoxServerVersion('nothex!!')).toBeUndefined();
  });

  it('reads X-OWA-Version and CasVersion', () => {
    expect(parseDottedVersion('15.2.1118.7')).toEqual({
      major: 15,
      minor: 2,
      build: 1118,
      revision: 7,
    });
    expect(parseDottedVersion('15.01.2507.006')).toEqual({
      major: 15,
      minor: 1,
      build: 2507,
      revision: 6,
    });
    expect(parseDottedVersion('garbage')).toBeUndefined();
  });
});
