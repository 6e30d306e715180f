import { ImapFlow } from 'imapflow';
import { KyselySyncStore } from '../../src/engine/kysely-sync-store.js';
import { PubSub } from '../../src/pubsub.js';

/**
 * Bench-only timeline of the embedded new-mail path (`BENCH_NEW_MAIL_TRACE=1`): wraps imapflow's
 * command dispatch, the sync store's batch write and the pubsub publish of this process, and records
 * when each happened (performance.now()). Nothing in src/ knows about it.
 */
export interface Mark {
  at: number;
  what: string;
}

export function installNewMailTrace(): { take(from: number): Mark[] } {
  const marks: Mark[] = [];
  const mark = (what: string) => marks.push({ at: performance.now(), what });
  const proto = ImapFlow.prototype as unknown as {
    exec(command: string, ...rest: unknown[]): Promise<unknown>;
    emit(event: string, ...args: unknown[]): boolean;
    write(chunk: unknown): void;
  };
  const exec = proto.exec;
  proto.exec = function (this: ImapFlow, command: string, ...rest: unknown[]) {
    const who = this.id.slice(0, 4);
    mark(`${who} ${command} queued`);
    const result = exec.call(this, command, ...rest);
    void result.then(
      () => mark(`${who} ${command} done`),
      () => undefined,
    );
    return result;
  };
  const write = proto.write;
  proto.write = function (this: ImapFlow, chunk: unknown) {
    if (chunk === 'DONE') mark(`${this.id.slice(0, 4)} DONE written`);
    return write.call(this, chunk);
  };
  const emit = proto.emit;
  proto.emit = function (this: ImapFlow, event: string, ...args: unknown[]) {
    if (event === 'exists') mark(`${this.id.slice(0, 4)} exists`);
    return emit.call(this, event, ...args);
  };
  const save = KyselySyncStore.prototype.saveBatch;
  KyselySyncStore.prototype.saveBatch = async function (this: KyselySyncStore, batch) {
    mark(`saveBatch start (${batch.upserts.length} new)`);
    try {
      return await save.call(this, batch);
    } finally {
      mark('saveBatch end');
    }
  };
  const publish = PubSub.prototype.publish;
  PubSub.prototype.publish = function (this: PubSub, topic, payload) {
    if (topic === 'messageSynced') mark('publish messageSynced');
    return publish.call(this, topic, payload);
  } as typeof publish;
  return {
    take(from: number) {
      const taken = marks.filter((m) => m.at >= from);
      marks.length = 0;
      return taken;
    },
  };
}

/**
 * When an IMAP connection of this process other than `skip` (the bench's own clients) heard an untagged
 * EXISTS: in the embedded deployment, the sync session's own INBOX connection. Dovecot tells each of its
 * IDLE processes separately, sometimes milliseconds apart, so this is where Inlet's own share begins.
 */
export function probeOwnExists(skip: readonly ImapFlow[]): {
  firstSince(from: number): number | undefined;
  stop(): void;
} {
  const heard: number[] = [];
  const proto = ImapFlow.prototype as unknown as {
    emit(event: string, ...args: unknown[]): boolean;
  };
  const emit = proto.emit;
  proto.emit = function (this: ImapFlow, event: string, ...args: unknown[]) {
    if (event === 'exists' && !skip.includes(this)) heard.push(performance.now());
    return emit.call(this, event, ...args);
  };
  return {
    firstSince: (from) => heard.find((at) => at >= from),
    stop: () => {
      proto.emit = emit;
    },
  };
}
