import { describe, expect, it } from 'vitest';
import { findInbox, findSentFolder, type FolderEntry } from './find-sent-folder.js';

const folder = (path: string, flags: string[] = [], delimiter = '/'): FolderEntry => ({
  path,
  delimiter,
  flags: new Set(flags),
});

describe('findSentFolder', () => {
  it('prefers the \\Sent flag over any name', () => {
    expect(findSentFolder([folder('Sent'), folder('Outbox archive', ['\\Sent'])])).toEqual({
      path: 'Outbox archive',
      source: 'special-use',
    });
  });

  it('matches the \\Sent flag case-insensitively, and a flagged folder wins over one merely named Sent', () => {
    expect(findSentFolder([folder('Sent'), folder('Outgoing', ['\\sent'])])).toEqual({
      path: 'Outgoing',
      source: 'special-use',
    });
    expect(findSentFolder([folder('Sent'), folder('Sent Items', ['\\SENT'])])).toEqual({
      path: 'Sent Items',
      source: 'special-use',
    });
  });

  it('matches \\Noselect case-insensitively', () => {
    expect(
      findSentFolder([folder('Sent', ['\\NOSELECT', '\\Sent']), folder('Sent Items')]),
    ).toEqual({ path: 'Sent Items', source: 'name' });
  });

  it.each([
    [['INBOX', 'Sent Items', 'Drafts'], 'Sent Items'],
    [['INBOX', 'INBOX.Sent', 'INBOX.Trash'], 'INBOX.Sent'],
    [['INBOX', '[Gmail]/Sent Mail', '[Gmail]/All Mail'], '[Gmail]/Sent Mail'],
    [['INBOX', 'Gesendete Elemente'], 'Gesendete Elemente'],
    [['INBOX', 'Envoyés'], 'Envoyés'],
    [['INBOX', 'Elementos enviados'], 'Elementos enviados'],
    [['INBOX', 'sent messages'], 'sent messages'],
  ])('finds %j by name', (paths, expected) => {
    expect(findSentFolder(paths.map((p) => folder(p, [], p.includes('.') ? '.' : '/')))).toEqual({
      path: expected,
      source: 'name',
    });
  });

  it('matches the last part of a path, preferring a whole-path match and then the shallower path', () => {
    expect(findSentFolder([folder('Archive/2020/Sent'), folder('Projects/Sent')])).toEqual({
      path: 'Projects/Sent',
      source: 'name',
    });
    expect(findSentFolder([folder('Projects/Sent'), folder('Sent Items')])).toEqual({
      path: 'Sent Items',
      source: 'name',
    });
  });

  it('ignores folders that cannot be selected, and user folders that only contain the word', () => {
    expect(
      findSentFolder([folder('Sent', ['\\Noselect']), folder('Sent to clients')]),
    ).toBeUndefined();
  });
});

describe('findInbox', () => {
  it('returns INBOX as the server spells it', () => {
    expect(findInbox([folder('Inbox'), folder('Sent')])).toBe('Inbox');
    expect(findInbox([])).toBe('INBOX');
  });
});
