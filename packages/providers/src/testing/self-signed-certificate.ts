import { generate } from 'selfsigned';

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** PEM to trust (the certificate is its own CA). */
  ca: string;
}

/**
 * One self-signed EC certificate for `hostnames` plus localhost and 127.0.0.1, so several loopback
 * servers can share it and a test trusts one PEM. The common name is the first hostname.
 */
export async function createSelfSignedCertificate(
  hostnames: readonly string[],
): Promise<SelfSignedCertificate> {
  const names = [...new Set([...hostnames.map((h) => h.toLowerCase()), 'localhost'])];
  const pems = await generate([{ name: 'commonName', value: names[0]! }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, ca: pems.cert };
}
