/**
 * The worker thread of body-reader-pool.ts: reads the bodies of one batch (readBody) per message
 * received and answers with their facts, so the parse runs beside the IMAP parsing of the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { readBody, type BodyFacts } from './message-metadata.js';
import { unpackBodies, type BodyRequest } from './body-reader-wire.js';

if (!parentPort) throw new Error('body-reader-worker runs as a worker thread');
const port = parentPort;

// Loaded: the pool sends batches from now on.
port.postMessage('ready');

port.on('message', (request: BodyRequest) => {
  void (async () => {
    try {
      const facts: BodyFacts[] = [];
      for (const input of unpackBodies(request)) facts.push(await readBody(input));
      port.postMessage({ id: request.id, facts });
    } catch (err) {
      port.postMessage({ id: request.id, error: String(err) });
    }
  })();
});
