import { generate } from 'selfsigned';

export interface EwsTestCertificate {
  key: string;
  cert: string;
  /** PEM to trust (the certificate is its own CA). */
  ca: string;
}

/**
 * One self-signed certificate for every name the Exchange tests use (mail.corp.example,
 * autodiscover.corp.example, outlook.office365.com...), plus localhost and 127.0.0.1, so several
 * loopback servers can share it and a test trusts one PEM. The default certificate of
 * startEwsTestServer (localhost only) comes from testing/test-certificates.ts.
 */
export async function createEwsTestCertificate(
  hostnames: readonly string[],
): Promise<EwsTestCertificate> {
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
