import { describe, expect, it } from 'vitest';
import { messageSyncedEvent, syncFinishedEvent } from '../src/engine/webhooks/webhook-events.js';

// The events a connection's sync stands for, as receivers get them: the data names the connection and
// its owner first. (Status changes read the database and are covered in webhooks.test.ts.)

const ids = { connectionId: 'connection-1', userId: 'user-1' };

describe('webhook events of a sync', () => {
  it('SYNC_FINISHED once a folder is done, nothing before; one id per folder state', () => {
    const progress = { ...ids, folder: 'INBOX', done: 3, total: 3 };
    const event = syncFinishedEvent(progress, '1:4:7');
    expect(event).toEqual({
      id: syncFinishedEvent(progress, '1:4:7')!.id,
      type: 'SYNC_FINISHED',
      createdAt: expect.any(String),
      ...ids,
      data: { ...ids, folder: 'INBOX', total: 3 },
    });
    expect(Object.keys(event!.data)).toEqual(['connectionId', 'userId', 'folder', 'total']);
    expect(syncFinishedEvent(progress, '1:5:8')!.id).not.toBe(event!.id);
    expect(syncFinishedEvent({ ...progress, done: 2 }, '1:4:7')).toBe(undefined);
  });

  it('MESSAGE_SYNCED with the message, its id derived from the row', () => {
    const message = {
      id: 'message-1',
      connection_id: ids.connectionId,
      folder: 'INBOX',
      uid: 7,
      message_id: '<a@b.test>',
      in_reply_to: null,
      references_json: '[]',
      from_json: '{"name":"Bob","address":"bob@b.test"}',
      to_json: '[{"name":null,"address":"jane@a.test"}]',
      cc_json: '[]',
      subject: 'Hello',
      date: '2026-12-07T10:00:00.000Z',
      flags_json: '[]',
      snippet: 'Hi',
      synced_at: '2026-12-07T10:00:01.000Z',
    };
    const first = messageSyncedEvent({ ...ids, message });
    const again = messageSyncedEvent({ ...ids, message });
    expect(first?.id).toBe(again?.id);
    expect(first).toMatchObject({ type: 'MESSAGE_SYNCED', ...ids });
    expect(Object.keys(first!.data)).toEqual(['connectionId', 'userId', 'message']);
    expect(first!.data).toEqual({
      ...ids,
      message: {
        id: 'message-1',
        messageId: '<a@b.test>',
        inReplyTo: null,
        folder: 'INBOX',
        from: { name: 'Bob', address: 'bob@b.test' },
        to: [{ name: null, address: 'jane@a.test' }],
        cc: [],
        subject: 'Hello',
        date: '2026-12-07T10:00:00.000Z',
        snippet: 'Hi',
      },
    });
  });
});
