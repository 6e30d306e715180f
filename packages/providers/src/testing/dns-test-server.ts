import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

/** Records served by the test DNS server, keyed by lower-case owner name. */
export interface TestZone {
  A?: Record<string, string[]>;
  MX?: Record<string, { exchange: string; priority: number }[]>;
  SRV?: Record<string, { target: string; port: number; priority?: number; weight?: number }[]>;
}

export interface DnsTestServer {
  /** "127.0.0.1:port", for Resolver.setServers. */
  server: string;
  /** "TYPE name" of every question, in order. */
  queries: string[];
  close(): Promise<void>;
}

// dns2 ships no types: the little of it used here.
interface Dns2Packet {
  questions: { name: string; type: number }[];
  answers: Record<string, unknown>[];
  header: { rcode: number };
}
interface Dns2 {
  Packet: {
    TYPE: Record<'A' | 'MX' | 'SRV' | 'AAAA', number>;
    CLASS: { IN: number };
    createResponseFromRequest(request: Dns2Packet): Dns2Packet;
  };
  createServer(options: {
    udp: { type: 'udp4' };
    handle: (request: Dns2Packet, send: (response: Dns2Packet) => void) => void;
  }): {
    listen(options: { udp: { port: number; address: string } }): Promise<{ udp: AddressInfo }>;
    close(): Promise<void>;
  };
}
const dns2 = createRequire(import.meta.url)('dns2') as Dns2;

const NXDOMAIN = 3;

/**
 * A DNS server on 127.0.0.1 answering A, MX and SRV from `zone`. A name with no records of any
 * type is NXDOMAIN; a known name without records of the asked type is an empty NOERROR answer.
 */
export async function startDnsTestServer(zone: TestZone): Promise<DnsTestServer> {
  const { Packet } = dns2;
  const queries: string[] = [];
  const known = new Set(
    [zone.A, zone.MX, zone.SRV].flatMap((records) => Object.keys(records ?? {})),
  );
  const server = dns2.createServer({
    udp: { type: 'udp4' },
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      if (!question) return send(response);
      const name = question.name.toLowerCase();
      const base = { name: question.name, class: Packet.CLASS.IN, ttl: 60 };
      const typeName =
        Object.entries(Packet.TYPE).find(([, value]) => value === question.type)?.[0] ??
        String(question.type);
      queries.push(`${typeName} ${name}`);
      if (!known.has(name)) response.header.rcode = NXDOMAIN;
      if (question.type === Packet.TYPE.A) {
        for (const address of zone.A?.[name] ?? [])
          response.answers.push({ ...base, type: Packet.TYPE.A, address });
      } else if (question.type === Packet.TYPE.MX) {
        for (const mx of zone.MX?.[name] ?? [])
          response.answers.push({ ...base, type: Packet.TYPE.MX, ...mx });
      } else if (question.type === Packet.TYPE.SRV) {
        for (const srv of zone.SRV?.[name] ?? []) {
          response.answers.push({
            ...base,
            type: Packet.TYPE.SRV,
            priority: 10,
            weight: 0,
            ...srv,
          });
        }
      }
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return { server: `127.0.0.1:${addresses.udp.port}`, queries, close: () => server.close() };
}

/** A UDP socket on 127.0.0.1 that takes DNS questions and never answers. */
export async function startSilentDnsServer(): Promise<{ server: string; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    server: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
