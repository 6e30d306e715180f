/**
 * Exchange server versions as EWS reports them (the ServerVersionInfo SOAP header) and the rules
 * Inlet applies to them. Decisions compare the numbers, never the `Version` string: Exchange 2016
 * and later send strings such as V2017_07_11 that are not even valid request values.
 */
export interface ServerVersion {
  major: number;
  minor: number;
  build?: number;
  revision?: number;
  /** The `Version` attribute as sent (Exchange2010_SP2, V2_23, ...), for display only. */
  versionString?: string;
}

/** Exchange 2010 SP2: the oldest release Inlet supports. */
export const MINIMUM_VERSION = { major: 14, minor: 2 } as const;

/** True for Exchange Online (15.20.x and later minors of 15). */
export function isExchangeOnlineVersion(v: Pick<ServerVersion, 'major' | 'minor'>): boolean {
  return v.major === 15 && v.minor >= 20;
}

export function isSupportedVersion(v: Pick<ServerVersion, 'major' | 'minor'>): boolean {
  return (
    v.major > MINIMUM_VERSION.major ||
    (v.major === MINIMUM_VERSION.major && v.minor >= MINIMUM_VERSION.minor)
  );
}

const products: Record<string, string> = {
  '8.0': 'Exchange 2007',
  '8.1': 'Exchange 2007 SP1',
  '8.2': 'Exchange 2007 SP2',
  '8.3': 'Exchange 2007 SP3',
  '14.0': 'Exchange 2010',
  '14.1': 'Exchange 2010 SP1',
  '14.2': 'Exchange 2010 SP2',
  '14.3': 'Exchange 2010 SP3',
  '15.0': 'Exchange 2013',
  '15.1': 'Exchange 2016',
  '15.2': 'Exchange 2019 or Exchange Server SE',
};

/** "Exchange 2010 SP1 (14.1)", "Exchange 2016 (15.1.2507.6)", "Exchange Online (15.20.7452.50)". */
export function describeVersion(v: ServerVersion): string {
  const product = isExchangeOnlineVersion(v)
    ? 'Exchange Online'
    : (products[`${v.major}.${v.minor}`] ?? 'Exchange');
  const numbers = [v.major, v.minor, v.build, v.revision].filter(
    (n): n is number => n !== undefined,
  );
  // The product name already says which service pack; the build matters only from 2013 on (CUs).
  const shown = v.major >= 15 ? numbers : numbers.slice(0, 2);
  return `${product} (${shown.join('.')})`;
}

/** Reads the attributes of <h:ServerVersionInfo MajorVersion=.. MinorVersion=.. .../>. */
export function versionFromAttributes(
  attributes: Record<string, string>,
): ServerVersion | undefined {
  const major = toInt(attributes.MajorVersion);
  const minor = toInt(attributes.MinorVersion);
  if (major === undefined || minor === undefined) return undefined;
  const version: ServerVersion = { major, minor };
  const build = toInt(attributes.MajorBuildNumber);
  const revision = toInt(attributes.MinorBuildNumber);
  if (build !== undefined) version.build = build;
  if (revision !== undefined) version.revision = revision;
  if (attributes.Version) version.versionString = attributes.Version;
  return version;
}

/** A dotted version as in the X-OWA-Version header or the SOAP autodiscover CasVersion ("15.01.2507.006"). */
export function parseDottedVersion(value: string | undefined): ServerVersion | undefined {
  const match = /^\s*(\d{1,3})\.(\d{1,3})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?\s*$/.exec(value ?? '');
  if (!match) return undefined;
  const version: ServerVersion = { major: Number(match[1]), minor: Number(match[2]) };
  if (match[3] !== undefined) version.build = Number(match[3]);
  if (match[4] !== undefined) version.revision = Number(match[4]);
  return version;
}

/**
 * Decodes the POX autodiscover <ServerVersion> (hex, e.g. 738180DA = 14.1.218): major in bits
 * 22-27, minor in bits 16-21, build in bits 0-14.
 */
export function decodePoxServerVersion(hex: string | undefined): ServerVersion | undefined {
  if (!hex || !/^[0-9a-fA-F]{8}$/.test(hex.trim())) return undefined;
  const v = Number.parseInt(hex.trim(), 16);
  return { major: (v >>> 22) & 0x3f, minor: (v >>> 16) & 0x3f, build: v & 0x7fff };
}

/** The inverse of decodePoxServerVersion (for the test server). */
export function encodePoxServerVersion(
  v: Pick<ServerVersion, 'major' | 'minor' | 'build'>,
): string {
  const value =
    (0x70000000 |
      ((v.major & 0x3f) << 22) |
      ((v.minor & 0x3f) << 16) |
      0x8000 |
      ((v.build ?? 0) & 0x7fff)) >>>
    0;
  return value.toString(16).toUpperCase().padStart(8, '0');
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
