/**
 * A small closed-loop HTTP load generator (instead of autocannon): `concurrency` virtual clients, each
 * sending its next GraphQL POST as soon as the previous answer is read, for `durationMs`, over
 * keep-alive connections. Runs in its own process (started by connected-emails.ts) so it does not
 * share the gateway's event loop. Prints one JSON line (prefixed RESULT).
 */
import http from 'node:http';

export interface LoadInput {
  url: string;
  cookie: string;
  query: string;
  variables: Record<string, unknown>;
  /** Follow pageInfo.endCursor as `after` (starting over at the end) instead of repeating the same page. */
  paging: boolean;
  concurrency: number;
  durationMs: number;
  /** Edges a full page must have. */
  pageSize: number;
  /** Any answer with data and without errors counts (a trivial query: the stack's own limit). */
  trivial?: boolean;
}

export interface LoadOutput {
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  latenciesMs: number[];
  pagesWalked: number;
  clientCpuSeconds: number;
}

interface Page {
  data?: {
    viewer?: unknown;
    connectedEmails?: {
      edges: unknown[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  errors?: { message: string }[];
}

const input = JSON.parse(process.env.BENCH_LOAD_INPUT ?? '{}') as LoadInput;
const target = new URL(input.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: input.concurrency });

function post(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          cookie: input.cookie,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
let errors = 0;
let firstError: string | null = null;
let pagesWalked = 0;
const cpu0 = process.cpuUsage();
const started = performance.now();
const deadline = started + input.durationMs;

async function virtualClient(): Promise<void> {
  let after: string | null = null;
  while (performance.now() < deadline) {
    const variables = input.paging ? { ...input.variables, after } : input.variables;
    const body = JSON.stringify({ query: input.query, variables });
    const t0 = performance.now();
    try {
      const res = await post(body);
      const elapsed = performance.now() - t0;
      const page = JSON.parse(res.text) as Page;
      const conn = page.data?.connectedEmails;
      const full = conn && (conn.edges.length === input.pageSize || !conn.pageInfo.hasNextPage);
      if (input.trivial && res.status === 200 && page.data && !page.errors) {
        latencies.push(elapsed);
        continue;
      }
      if (res.status !== 200 || page.errors || !conn || !full) {
        errors += 1;
        firstError ??= `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
        after = null;
        continue;
      }
      latencies.push(elapsed);
      if (input.paging) {
        pagesWalked += 1;
        after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      }
    } catch (err) {
      errors += 1;
      firstError ??= (err as Error).message;
    }
  }
}

await Promise.all(Array.from({ length: input.concurrency }, () => virtualClient()));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
agent.destroy();
const output: LoadOutput = {
  requests: latencies.length,
  errors,
  firstError,
  seconds,
  latenciesMs: latencies,
  pagesWalked,
  clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
};
process.stdout.write(`RESULT ${JSON.stringify(output)}\n`);
