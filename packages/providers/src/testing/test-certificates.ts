import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Which certificate a test server presents:
 * - `trusted`: CN/SAN localhost + 127.0.0.1, signed by the test CA that tests pass as `ca`;
 * - `self-signed`: the same names, signed by itself (untrusted even with the test CA);
 * - `wrong-name`: signed by the test CA, but issued for mail.example.net only;
 * - `expired`: signed by the test CA for the right names, valid only in 2020.
 */
export type TestCertificateKind = 'trusted' | 'self-signed' | 'wrong-name' | 'expired';

export interface TestCertificate {
  kind: TestCertificateKind;
  /** PEM private key of the server certificate. */
  key: string;
  /** PEM server certificate. */
  cert: string;
  /** The test CA (PEM). It signed every kind except `self-signed`. */
  ca: string;
  /** SHA-256 fingerprint of `cert` as Node prints it (AA:BB:...). */
  fingerprint256: string;
}

/** The name the `wrong-name` certificate is issued for. */
export const WRONG_CERTIFICATE_NAME = 'mail.example.net';

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const RIGHT_NAMES = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

/**
 * Creates a test CA and one server certificate of the given kind with the openssl CLI
 * (EC P-256 keys: fast to generate). Files live in a temp directory that is removed again.
 */
export async function createTestCertificate(kind: TestCertificateKind): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'inlet-certs-'));
  const file = (name: string) => join(dir, name);
  try {
    await openssl([
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=Inlet Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);

    if (kind === 'self-signed') {
      await openssl([
        'req',
        '-x509',
        ...EC_KEY,
        '-keyout',
        file('server.key'),
        '-out',
        file('server.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        RIGHT_NAMES,
      ]);
    } else {
      const names =
        kind === 'wrong-name' ? `subjectAltName=DNS:${WRONG_CERTIFICATE_NAME}` : RIGHT_NAMES;
      const cn = kind === 'wrong-name' ? WRONG_CERTIFICATE_NAME : 'localhost';
      await openssl([
        'req',
        '-new',
        ...EC_KEY,
        '-keyout',
        file('server.key'),
        '-out',
        file('server.csr'),
        '-subj',
        `/CN=${cn}`,
      ]);
      await writeFile(
        file('server.ext'),
        `${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
      );
      if (kind === 'expired') {
        await signExpired(dir);
      } else {
        await openssl([
          'x509',
          '-req',
          '-in',
          file('server.csr'),
          '-CA',
          file('ca.pem'),
          '-CAkey',
          file('ca.key'),
          '-set_serial',
          `0x${randomBytes(8).toString('hex')}`,
          '-days',
          '2',
          '-extfile',
          file('server.ext'),
          '-out',
          file('server.pem'),
        ]);
      }
    }
    const [key, cert, ca] = await Promise.all(
      ['server.key', 'server.pem', 'ca.pem'].map((n) => readFile(file(n), 'utf8')),
    );
    return {
      kind,
      key: key!,
      cert: cert!,
      ca: ca!,
      fingerprint256: new X509Certificate(cert!).fingerprint256,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `openssl x509 -req` cannot back-date (before OpenSSL 3.4), `openssl ca` can: a throwaway CA database. */
async function signExpired(dir: string): Promise<void> {
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), `${randomBytes(8).toString('hex')}\n`);
  await writeFile(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'serial = $dir/serial',
      'new_certs_dir = $dir',
      'certificate = $dir/ca.pem',
      'private_key = $dir/ca.key',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = none',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
    ].join('\n'),
  );
  await openssl([
    'ca',
    '-batch',
    '-config',
    join(dir, 'ca.cnf'),
    '-in',
    join(dir, 'server.csr'),
    '-out',
    join(dir, 'server.pem'),
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-extfile',
    join(dir, 'server.ext'),
    '-notext',
  ]);
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 10_000 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim()}`, { cause: err });
  }
}
