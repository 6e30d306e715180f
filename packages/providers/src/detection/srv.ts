import type { SrvRecord } from 'node:dns';
import { normalizeServerHost } from '../core/hostname.js';
import { describeError } from './describe.js';
import { boundedQuery, isNoRecords } from './dns-query.js';
import type { DetectedServer, MailDnsResolver, TransportSecurity } from './types.js';

export interface SrvAnswer {
  imap?: DetectedServer;
  smtp?: DetectedServer;
  log: string[];
}

// RFC 6186 and RFC 8314 services, preferred first: implicit TLS before STARTTLS.
const imapServices: [string, TransportSecurity][] = [
  ['_imaps._tcp', 'SSL_TLS'],
  ['_imap._tcp', 'STARTTLS'],
];
const smtpServices: [string, TransportSecurity][] = [
  ['_submissions._tcp', 'SSL_TLS'],
  ['_submission._tcp', 'STARTTLS'],
];

/** IMAP and SMTP submission servers published as SRV records. Never rejects. */
export async function lookupSrv(
  domain: string,
  resolver: MailDnsResolver,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<SrvAnswer> {
  const query = async ([service, security]: [string, TransportSecurity]): Promise<{
    server?: DetectedServer;
    log: string;
  }> => {
    const name = `${service}.${domain}`;
    try {
      const records = await boundedQuery(() => resolver.resolveSrv(name), name, timeoutMs, signal);
      const server = pickSrv(records, security);
      return server
        ? { server, log: `SRV ${name}: ${server.host}:${server.port}` }
        : { log: `SRV ${name}: service not offered` };
    } catch (err) {
      return { log: `SRV ${name}: ${isNoRecords(err) ? 'none' : describeError(err)}` };
    }
  };
  const [imaps, imap, submissions, submission] = await Promise.all(
    [...imapServices, ...smtpServices].map(query),
  );
  const answer: SrvAnswer = { log: [imaps, imap, submissions, submission].map((r) => r!.log) };
  const imapServer = imaps?.server ?? imap?.server;
  const smtpServer = submissions?.server ?? submission?.server;
  if (imapServer) answer.imap = imapServer;
  if (smtpServer) answer.smtp = smtpServer;
  return answer;
}

/** The most preferred usable record: lowest priority, then highest weight (RFC 2782); "." means none. */
function pickSrv(records: SrvRecord[], security: TransportSecurity): DetectedServer | undefined {
  const sorted = [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  for (const record of sorted) {
    if (record.name === '' || record.name === '.') return undefined;
    const host = normalizeServerHost(record.name);
    if (host.ok && Number.isInteger(record.port) && record.port > 0 && record.port < 65536) {
      return { host: host.host, port: record.port, security };
    }
  }
  return undefined;
}
