/**
 * A dispatch worker of the sequences benchmark's kill -9 takeover, in a process of its own (the bench
 * SIGKILLs it): the production SequenceScheduler and OutboxWorker acting only for the inboxes this
 * process owns through the sync leases. The leases are taken and renewed with the functions the
 * SyncSupervisor uses (claimLeases, renewLeases) every third of the lease time; the supervisor itself
 * does not run, because the bench's inboxes have no IMAP server to sync. Configured by the
 * environment (DATABASE_URL, INLET_SYNC_LEASE_SECONDS, INLET_SEND_LEASE_SECONDS, ...) and
 * BENCH_WORKER_ID; prints READY once it holds its first leases.
 */
import { hostname } from 'node:os';
import { closeServices, createServices } from '../src/bootstrap.js';
import { loadConfig } from '../src/env.js';
import { createLogger } from '../src/logger.js';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import { SequenceScheduler } from '../src/engine/sequences/scheduler.js';
import { claimLeases, renewLeases } from '../src/engine/sync-leases.js';

const id = process.env.BENCH_WORKER_ID;
if (!id) throw new Error('set BENCH_WORKER_ID');
const config = loadConfig();
const services = await createServices(config, createLogger(config.logLevel));
const worker = { id, host: hostname(), pid: process.pid, startedAt: Date.now() };
const ttl = config.syncLeaseMs;
const holdLeases = async () => {
  await renewLeases(services.db, worker, ttl);
  return claimLeases(services.db, id, ttl, { limit: 10_000, providers: ['IMAP'] });
};
await holdLeases();
const heartbeat = setInterval(() => {
  holdLeases().catch((err: unknown) => services.logger.error({ err }, 'lease renewal failed'));
}, ttl / 3);
const outbox = new OutboxWorker(services, { ownerId: id, leaseMs: config.sendLeaseMs });
const scheduler = new SequenceScheduler(services, { ownerId: id });
await outbox.start();
await scheduler.start();
process.stdout.write('READY\n');

process.once('SIGTERM', () => {
  clearInterval(heartbeat);
  void scheduler
    .stop()
    .then(() => outbox.stop())
    .then(() => closeServices(services))
    .then(() => process.exit(0));
});
