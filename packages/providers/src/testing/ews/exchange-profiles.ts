/**
 * Exchange releases the EWS test server can pretend to be. ServerVersionInfo values are the ones
 * real servers report for these releases (major.minor per product, a build of that release, and the
 * Version string they send, including the non-request V20xx strings of 2016 and later).
 */
export type ExchangeProfileName =
  '2007' | '2010-sp1' | '2010-sp2' | '2013' | '2016' | '2019' | 'online';

export interface ExchangeProfile {
  name: ExchangeProfileName;
  product: string;
  serverVersionInfo: {
    major: number;
    minor: number;
    build: number;
    revision: number;
    version: string | undefined;
  };
  /** The newest RequestServerVersion the server accepts; a newer one gets ErrorInvalidServerVersion. */
  maxRequestVersion: string;
  /** On-premises 2013 and later send X-OWA-Version on every answer, 401s included. */
  owaVersionHeader: boolean;
  /** Exchange Online: OAuth (Bearer) challenge and no Windows sign-in on EWS. */
  online: boolean;
}

/** RequestServerVersion values in release order (EWS schema versions). */
export const REQUEST_VERSIONS = [
  'Exchange2007',
  'Exchange2007_SP1',
  'Exchange2010',
  'Exchange2010_SP1',
  'Exchange2010_SP2',
  'Exchange2013',
  'Exchange2013_SP1',
  'Exchange2015',
  'Exchange2016',
  'V2015_10_05',
  'V2016_01_06',
  'V2016_04_13',
  'V2016_07_13',
  'V2016_10_10',
  'V2017_01_07',
  'V2017_04_14',
  'V2017_07_11',
  'V2017_10_09',
  'V2018_01_08',
] as const;

export const EXCHANGE_PROFILES: Record<ExchangeProfileName, ExchangeProfile> = {
  '2007': {
    name: '2007',
    product: 'Exchange 2007',
    serverVersionInfo: { major: 8, minor: 0, build: 685, revision: 24, version: undefined },
    maxRequestVersion: 'Exchange2007',
    owaVersionHeader: false,
    online: false,
  },
  '2010-sp1': {
    name: '2010-sp1',
    product: 'Exchange 2010 SP1',
    serverVersionInfo: {
      major: 14,
      minor: 1,
      build: 218,
      revision: 15,
      version: 'Exchange2010_SP1',
    },
    maxRequestVersion: 'Exchange2010_SP1',
    owaVersionHeader: false,
    online: false,
  },
  '2010-sp2': {
    name: '2010-sp2',
    product: 'Exchange 2010 SP2',
    serverVersionInfo: {
      major: 14,
      minor: 2,
      build: 328,
      revision: 9,
      version: 'Exchange2010_SP2',
    },
    maxRequestVersion: 'Exchange2010_SP2',
    owaVersionHeader: false,
    online: false,
  },
  '2013': {
    name: '2013',
    product: 'Exchange 2013',
    serverVersionInfo: { major: 15, minor: 0, build: 1497, revision: 2, version: 'V2_23' },
    maxRequestVersion: 'Exchange2013_SP1',
    owaVersionHeader: true,
    online: false,
  },
  '2016': {
    name: '2016',
    product: 'Exchange 2016',
    serverVersionInfo: { major: 15, minor: 1, build: 2507, revision: 6, version: 'V2017_07_11' },
    maxRequestVersion: 'V2017_07_11',
    owaVersionHeader: true,
    online: false,
  },
  '2019': {
    name: '2019',
    product: 'Exchange 2019',
    serverVersionInfo: { major: 15, minor: 2, build: 1118, revision: 7, version: 'V2017_07_11' },
    maxRequestVersion: 'V2017_07_11',
    owaVersionHeader: true,
    online: false,
  },
  online: {
    name: 'online',
    product: 'Exchange Online',
    serverVersionInfo: { major: 15, minor: 20, build: 7452, revision: 50, version: 'V2018_01_08' },
    maxRequestVersion: 'V2018_01_08',
    owaVersionHeader: false,
    online: true,
  },
};

/** How a RequestServerVersion compares with what the server supports. */
export function requestVersionVerdict(
  requested: string | undefined,
  profile: ExchangeProfile,
): 'ok' | 'too-new' | 'unknown' {
  // Without the header, EWS assumes Exchange2007 (accepted everywhere).
  if (requested === undefined) return 'ok';
  const index = (REQUEST_VERSIONS as readonly string[]).indexOf(requested);
  if (index === -1) return 'unknown';
  return index <= (REQUEST_VERSIONS as readonly string[]).indexOf(profile.maxRequestVersion)
    ? 'ok'
    : 'too-new';
}

export function owaVersionOf(profile: ExchangeProfile): string {
  const v = profile.serverVersionInfo;
  return `${v.major}.${v.minor}.${v.build}.${v.revision}`;
}
