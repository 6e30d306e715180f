// A process that only delivers webhooks (the webhook part of `npm run worker`), for the kill -9 test.
import { closeServices, createServices } from '../../src/bootstrap.js';
import { WebhookWorker } from '../../src/engine/webhooks/webhook-worker.js';
import { loadConfig } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';

const config = loadConfig();
const services = await createServices(config, createLogger(config.logLevel), 'worker');
const worker = new WebhookWorker(services, { ...config.webhooks, pollMs: 100 });
worker.start();
process.once('SIGTERM', () => {
  void worker.stop().then(() => closeServices(services));
});
