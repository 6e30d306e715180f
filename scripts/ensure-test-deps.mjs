#!/usr/bin/env node
// Installs the Debian packages the test suite runs against (real servers, not mocks), or says exactly
// what is missing when it cannot: chromium (console browser tests), dovecot-imapd (IMAP tests),
// postfix + sasl2-bin + libsasl2-modules (SMTP submission tests against a real Postfix).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const required = [
  { pkg: 'chromium', path: '/usr/bin/chromium', why: 'headless browser tests of the console' },
  { pkg: 'dovecot-imapd', path: '/usr/sbin/dovecot', why: 'IMAP tests against a real Dovecot' },
  {
    pkg: 'postfix',
    path: '/usr/sbin/postfix',
    why: 'SMTP submission tests against a real Postfix',
  },
  { pkg: 'sasl2-bin', path: '/usr/sbin/saslpasswd2', why: "SASL users of the tests' Postfix" },
  {
    pkg: 'libsasl2-modules',
    path: '/usr/lib/x86_64-linux-gnu/sasl2/libplain.so',
    why: 'SASL PLAIN/LOGIN for Postfix',
  },
];

const missing = required.filter((r) => !existsSync(r.path));
if (missing.length === 0) process.exit(0);

const names = missing.map((m) => m.pkg);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error('The tests need these Debian packages, which are not installed:');
  for (const m of missing) console.error(`  ${m.pkg}  (${m.why})`);
  console.error(`Install them with:  sudo apt-get install -y ${names.join(' ')}`);
  process.exit(1);
}
console.log(`Installing test dependencies: ${names.join(', ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
// Postfix asks what kind of mail system to set up; the tests run private instances, so: none.
if (names.includes('postfix'))
  execFileSync('debconf-set-selections', {
    input: 'postfix postfix/main_mailer_type select No configuration\n',
    stdio: ['pipe', 'inherit', 'inherit'],
  });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
  stdio: 'inherit',
  env,
});
