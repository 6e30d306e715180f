// A process that records a connection's status change (NEEDS_REAUTH) and is killed with SIGKILL the
// moment the commit returns: its publish, and anything hooked to it, never runs. For the webhook test
// that the event survives its producer.
import { createServices } from '../../src/bootstrap.js';
import { recordHealth } from '../../src/engine/connection-health.js';
import { loadConfig } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';

const config = loadConfig();
const services = await createServices(config, createLogger(config.logLevel), 'worker');
services.pubsub.publish = () => process.kill(process.pid, 'SIGKILL');
await recordHealth(
  services,
  { id: process.env.CONNECTION_ID!, user_id: process.env.USER_ID! },
  'NEEDS_REAUTH',
  { code: 'AUTHENTICATION_FAILED', step: 'login' },
);
process.exit(1); // not reached: recordHealth publishes after its commit
