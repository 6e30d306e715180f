import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { childText, localName, type XmlElement } from '../../detection/xml.js';
import type { ExchangeProfile } from './exchange-profiles.js';
import {
  envelope,
  fault,
  streamingEventsResponse,
  subscribeResponse,
  type NotificationEventView,
} from './ews-responses.js';

export type ItemChangeKind = 'Create' | 'Update' | 'Delete' | 'ReadFlagChange';

interface Subscription {
  id: string;
  folderIds: Set<string>;
  eventTypes: Set<string>;
  watermark: number;
  /** Events not yet written: kept while no stream is open, as Exchange queues them. */
  queue: NotificationEventView[];
  stream: OpenStream | undefined;
}

interface OpenStream {
  res: ServerResponse;
  subscriptions: Subscription[];
  timer: NodeJS.Timeout;
}

export interface StreamingHubOptions {
  profile: ExchangeProfile;
  /** A folder id for a FolderId or DistinguishedFolderId element, or undefined when there is no such folder. */
  resolveFolder: (ref: XmlElement) => string | undefined;
  /** The id of the folder that holds the mailbox's folders (parent of a folder event). */
  rootFolderId: string;
  inboxId: string;
  /** Tests only: end each stream after this many seconds instead of its ConnectionTimeout minutes. */
  timeoutSeconds?: number;
}

/**
 * EWS streaming notifications for the test server: Subscribe with a StreamingSubscriptionRequest,
 * and GetStreamingEvents as Exchange answers it, a chunked 200 that stays open and carries one
 * envelope after another: ConnectionStatus OK when it opens, a Notification for each batch of
 * changes in a subscribed folder, and ConnectionStatus Closed when ConnectionTimeout is up.
 */
export class StreamingHub {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly streams = new Set<OpenStream>();
  private pending = false;

  constructor(private readonly options: StreamingHubOptions) {}

  /** Streams open now. */
  get openStreams(): number {
    return this.streams.size;
  }

  /** The body of a SubscribeResponse. */
  subscribe(request: XmlElement): string {
    const streaming = request.children.find((c) => localName(c) === 'StreamingSubscriptionRequest');
    // Pull and push subscriptions are not served by this server.
    if (!streaming) return subscribeResponse({ code: 'ErrorInvalidSubscriptionRequest' });
    const refs = streaming.children.find((c) => localName(c) === 'FolderIds')?.children ?? [];
    const eventTypes = new Set(
      (streaming.children.find((c) => localName(c) === 'EventTypes')?.children ?? []).map((e) =>
        e.text.trim(),
      ),
    );
    if (refs.length === 0 || eventTypes.size === 0 || eventTypes.has('StatusEvent'))
      return subscribeResponse({ code: 'ErrorInvalidSubscriptionRequest' });
    const folderIds = new Set<string>();
    for (const ref of refs) {
      const id = this.options.resolveFolder(ref);
      if (!id) return subscribeResponse({ code: 'ErrorFolderNotFound' });
      folderIds.add(id);
    }
    const id = randomBytes(24).toString('base64');
    this.subscriptions.set(id, {
      id,
      folderIds,
      eventTypes,
      watermark: 1,
      queue: [],
      stream: undefined,
    });
    return subscribeResponse({ subscriptionId: id, watermark: watermarkOf(1) });
  }

  /** Answers GetStreamingEvents: an error for unknown subscriptions (or the injected one), else the open stream. */
  getStreamingEvents(
    request: XmlElement,
    res: ServerResponse,
    itemError?: { code: string; message?: string },
  ): void {
    const ids = (
      request.children.find((c) => localName(c) === 'SubscriptionIds')?.children ?? []
    ).map((e) => e.text.trim());
    const minutes = Number(childText(request, 'ConnectionTimeout'));
    if (ids.length === 0 || !Number.isInteger(minutes) || minutes < 1 || minutes > 30) {
      res.writeHead(500, SOAP_HEADERS).end(fault('ErrorSchemaValidation'));
      return;
    }
    const missing = ids.filter((id) => !this.subscriptions.has(id));
    if (itemError || missing.length > 0) {
      const error = itemError ?? { code: 'ErrorSubscriptionNotFound' };
      res
        .writeHead(200, SOAP_HEADERS)
        .end(
          envelope(
            this.options.profile,
            streamingEventsResponse({ error, subscriptionIds: itemError ? ids : missing }),
          ),
        );
      return;
    }
    const subscriptions = ids.map((id) => this.subscriptions.get(id)!);
    // One stream per subscription: a newer connection replaces the older one.
    for (const sub of subscriptions) {
      if (sub.stream)
        this.end(sub.stream, {
          error: { code: 'ErrorNewEventStreamConnectionOpened' },
          subscriptionIds: [sub.id],
        });
    }
    res.writeHead(200, SOAP_HEADERS);
    res.write('<?xml version="1.0" encoding="utf-8"?>');
    const timer = setTimeout(
      () => this.end(stream, { connectionStatus: 'Closed' }),
      (this.options.timeoutSeconds ?? minutes * 60) * 1000,
    );
    const stream: OpenStream = { res, subscriptions, timer };
    this.streams.add(stream);
    for (const sub of subscriptions) sub.stream = stream;
    res.on('close', () => this.detach(stream));
    res.write(this.envelope({ connectionStatus: 'OK' }));
    this.flush();
  }

  /** Called for every change of an item: queues the events of the subscriptions on its folder. */
  itemChanged(folderId: string, kind: ItemChangeKind, itemId: string): void {
    const timeStamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const sub of this.subscriptions.values()) {
      if (!sub.folderIds.has(folderId)) continue;
      for (const type of itemEventTypes(kind, folderId === this.options.inboxId)) {
        if (sub.eventTypes.has(type))
          sub.queue.push({
            type,
            watermark: watermarkOf(++sub.watermark),
            timeStamp,
            itemId,
            parentFolderId: folderId,
          });
      }
      // The folder's counts change with its items.
      if (sub.eventTypes.has('ModifiedEvent')) {
        sub.queue.push({
          type: 'ModifiedEvent',
          watermark: watermarkOf(++sub.watermark),
          timeStamp,
          folderId,
          parentFolderId: this.options.rootFolderId,
        });
      }
    }
    // Changes made together (one test step) go out as one notification, as Exchange batches them.
    if (!this.pending) {
      this.pending = true;
      setImmediate(() => this.flush());
    }
  }

  /** Drops every subscription, as a mailbox move or a server restart does; open streams get ErrorSubscriptionNotFound. */
  expireAll(): void {
    for (const stream of [...this.streams])
      this.end(stream, {
        error: { code: 'ErrorSubscriptionNotFound' },
        subscriptionIds: stream.subscriptions.map((s) => s.id),
      });
    this.subscriptions.clear();
  }

  /** Tests only: raw text into every open stream (a proxy that mangles it, a broken message). */
  inject(text: string): void {
    for (const stream of this.streams) stream.res.write(text);
  }

  close(): void {
    for (const stream of [...this.streams]) {
      this.detach(stream);
      stream.res.destroy();
    }
    this.subscriptions.clear();
  }

  private flush(): void {
    this.pending = false;
    for (const stream of this.streams) {
      for (const sub of stream.subscriptions) {
        if (sub.queue.length === 0) continue;
        stream.res.write(this.envelope({ subscriptionId: sub.id, events: sub.queue.splice(0) }));
      }
    }
  }

  private end(stream: OpenStream, last: Parameters<typeof streamingEventsResponse>[0]): void {
    this.detach(stream);
    stream.res.end(this.envelope(last));
  }

  private detach(stream: OpenStream): void {
    clearTimeout(stream.timer);
    this.streams.delete(stream);
    for (const sub of stream.subscriptions) if (sub.stream === stream) sub.stream = undefined;
  }

  /** Envelopes after the first carry no XML declaration: the stream is one text. */
  private envelope(content: Parameters<typeof streamingEventsResponse>[0]): string {
    return envelope(this.options.profile, streamingEventsResponse(content)).replace(
      /^<\?xml[^>]*\?>/,
      '',
    );
  }
}

/** New mail in the Inbox is also a NewMailEvent; a read flag or other update is a ModifiedEvent. */
function itemEventTypes(kind: ItemChangeKind, inInbox: boolean): NotificationEventView['type'][] {
  if (kind === 'Create') return inInbox ? ['NewMailEvent', 'CreatedEvent'] : ['CreatedEvent'];
  return kind === 'Delete' ? ['DeletedEvent'] : ['ModifiedEvent'];
}

const SOAP_HEADERS = { 'content-type': 'text/xml; charset=utf-8', 'x-powered-by': 'ASP.NET' };

function watermarkOf(n: number): string {
  return Buffer.from(`AQAAAA${n.toString(16).padStart(8, '0')}`).toString('base64');
}
