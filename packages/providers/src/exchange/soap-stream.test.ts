import { describe, expect, it } from 'vitest';
import { EXCHANGE_PROFILES } from '../testing/ews/exchange-profiles.js';
import { envelope, streamingEventsResponse } from '../testing/ews/ews-responses.js';
import { classifyExchangeError, EwsCallError } from './ews-errors.js';
import { HttpFailure } from './ews-http.js';
import { readStreamingMessage, subscribeStreamingXml } from './ews-streaming-operations.js';
import { SoapEnvelopeSplitter } from './soap-stream.js';
import type { SoapDocument } from './soap-xml.js';

const profile = EXCHANGE_PROFILES['2016'];
const ok = envelope(profile, streamingEventsResponse({ connectionStatus: 'OK' }));
const closed = envelope(profile, streamingEventsResponse({ connectionStatus: 'Closed' })).replace(
  /^<\?xml[^>]*\?>/,
  '',
);
const events = envelope(
  profile,
  streamingEventsResponse({
    subscriptionId: 'sub-1',
    events: [
      {
        type: 'NewMailEvent',
        watermark: 'w1',
        timeStamp: '2026-11-23T10:00:00Z',
        itemId: 'item-1',
        parentFolderId: 'inbox-id',
      },
      {
        type: 'MovedEvent',
        watermark: 'w2',
        timeStamp: '2026-11-23T10:00:01Z',
        itemId: 'item-2',
        parentFolderId: 'archive-id',
        oldParentFolderId: 'sent-id',
      },
      {
        type: 'ModifiedEvent',
        watermark: 'w3',
        timeStamp: '2026-11-23T10:00:01Z',
        folderId: 'inbox-id',
        parentFolderId: 'root-id',
      },
    ],
  }),
).replace(/^<\?xml[^>]*\?>/, '');

function split(chunks: string[], max?: number): SoapDocument[] {
  const docs: SoapDocument[] = [];
  const splitter = new SoapEnvelopeSplitter('GetStreamingEvents', (doc) => docs.push(doc), max);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return docs;
}

describe('SoapEnvelopeSplitter', () => {
  it('hands over each envelope of a stream as it completes, whatever the chunk borders', () => {
    const text = `${ok}\r\n${events}<!-- keep-alive -->${closed}`;
    for (const size of [1, 7, 64, text.length]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
      expect(split(chunks).map((doc) => readStreamingMessage(doc).connectionStatus)).toEqual([
        'OK',
        undefined,
        'Closed',
      ]);
    }
  });

  it('reads an end tag inside a comment as part of the comment, not as the end of the envelope', () => {
    const commented = events.replace('<s:Body', '<!-- </s:Envelope> --><s:Body');
    expect(split([ok, commented]).map((doc) => readStreamingMessage(doc).folderIds.size)).toEqual([
      0, 3,
    ]);
  });

  it('refuses an envelope above the bound, and text that is not an envelope, as classified errors', () => {
    expect(() => split([ok.slice(0, 200), 'x'.repeat(300)], 400)).toThrow(HttpFailure);
    expect(() => split([events], 400)).toThrow(HttpFailure);
    const notSoap = (() => {
      try {
        split(['<html><body>Proxy error</body></html>']);
      } catch (err) {
        return err;
      }
    })();
    expect(notSoap).toBeInstanceOf(EwsCallError);
    expect((notSoap as EwsCallError).kind).toBe('not-soap');
    expect(classifyExchangeError(notSoap, 'sync').code).toBe('EXCHANGE_CONNECTION_FAILED');
    expect(() => split(['<s:Envelope xmlns:s="x"><s:Body><a></b></s:Body></s:Envelope>'])).toThrow(
      EwsCallError,
    );
    // A stream cut in the middle of a message.
    expect(() => split([ok, events.slice(0, 100)])).toThrow(EwsCallError);
  });
});

describe('readStreamingMessage', () => {
  it('names the folders of item events (both sides of a move) and a changed folder itself', () => {
    const [doc] = split([events]);
    expect([...readStreamingMessage(doc!).folderIds].sort()).toEqual([
      'archive-id',
      'inbox-id',
      'sent-id',
    ]);
  });

  it('throws the response code of a lost subscription', () => {
    const [doc] = split([
      envelope(
        profile,
        streamingEventsResponse({
          error: { code: 'ErrorSubscriptionNotFound' },
          subscriptionIds: ['sub-1'],
        }),
      ),
    ]);
    expect(() => readStreamingMessage(doc!)).toThrow(
      expect.objectContaining({ kind: 'response', responseCode: 'ErrorSubscriptionNotFound' }),
    );
  });

  it('subscribes to the folders by id for the item events sync needs', () => {
    const xml = subscribeStreamingXml(['a&b', 'c']);
    expect(xml).toContain(
      '<t:FolderIds><t:FolderId Id="a&amp;b"/><t:FolderId Id="c"/></t:FolderIds>',
    );
    expect(xml).toContain('<t:EventType>NewMailEvent</t:EventType>');
    expect(xml).not.toContain('StatusEvent');
  });
});
