/** One LIST entry, as imapflow's list() returns it (only the fields used here). */
export interface FolderEntry {
  path: string;
  /** Last part of the path. */
  name?: string;
  delimiter?: string;
  /** Flags from the server: \Sent (SPECIAL-USE / XLIST), \Noselect, \NonExistent... */
  flags: ReadonlySet<string>;
}

export interface SentFolder {
  path: string;
  /** 'special-use': the server flags it \Sent; 'name': matched against common names. */
  source: 'special-use' | 'name';
}

/**
 * Names servers and clients give the Sent folder, most common first (English, then other languages).
 * Compared case-insensitively with the whole path first, then with the last part of the path.
 */
export const SENT_FOLDER_NAMES: readonly string[] = [
  'Sent',
  'Sent Items',
  'Sent Messages',
  'Sent Mail',
  'Sent-Mail',
  'INBOX.Sent',
  'INBOX/Sent',
  'INBOX.Sent Items',
  'INBOX.Sent Messages',
  '[Gmail]/Sent Mail',
  '[Google Mail]/Sent Mail',
  'Gesendet',
  'Gesendete Elemente',
  'Gesendete Objekte',
  'Envoyés',
  'Éléments envoyés',
  'Messages envoyés',
  'Elementos enviados',
  'Enviados',
  'Itens enviados',
  'Enviadas',
  'Posta inviata',
  'Elementi inviati',
  'Inviati',
  'Verzonden',
  'Verzonden items',
  'Verzonden berichten',
  'Skickat',
  'Skickade objekt',
  'Sendt',
  'Sendte elementer',
  'Sendt post',
  'Lähetetyt',
  'Lähetetyt kohteet',
  'Wysłane',
  'Elementy wysłane',
  'Odeslaná pošta',
  'Odeslané',
  'Odoslaná pošta',
  'Elküldött elemek',
  'Trimise',
  'Elemente trimise',
  'Gönderilmiş Öğeler',
  'Gönderilenler',
  'Отправленные',
  'Надіслані',
  'Απεσταλμένα',
  '送信済み',
  '送信済みアイテム',
  '已发送',
  '已發送',
  '寄件備份',
  '보낸편지함',
];

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('und');
const RANK = new Map(SENT_FOLDER_NAMES.map((name, i) => [fold(name), i]));

/** Mailbox attributes are case-insensitive (RFC 9051 section 9): servers send `\sent` or `\NoSelect` too. */
function hasFlag(entry: FolderEntry, flag: string): boolean {
  const wanted = flag.toLowerCase();
  for (const f of entry.flags) if (f.toLowerCase() === wanted) return true;
  return false;
}

function selectable(entry: FolderEntry): boolean {
  return !hasFlag(entry, '\\Noselect') && !hasFlag(entry, '\\NonExistent');
}

function lastPart(entry: FolderEntry): string {
  if (entry.name) return entry.name;
  if (!entry.delimiter) return entry.path;
  return entry.path.slice(entry.path.lastIndexOf(entry.delimiter) + 1);
}

/** The Sent folder: flagged \Sent by the server (whatever its name), else the best match by name, else undefined. */
export function findSentFolder(entries: readonly FolderEntry[]): SentFolder | undefined {
  const candidates = entries.filter(selectable);
  const flagged = candidates.find((e) => hasFlag(e, '\\Sent'));
  if (flagged) return { path: flagged.path, source: 'special-use' };

  let best: { entry: FolderEntry; score: number } | undefined;
  for (const entry of candidates) {
    const whole = RANK.get(fold(entry.path));
    const part = RANK.get(fold(lastPart(entry)));
    // A whole-path match beats a last-part match; then the table order; then the shallower path.
    const score = whole !== undefined ? whole : part !== undefined ? 1000 + part : undefined;
    if (score === undefined) continue;
    if (
      !best ||
      score < best.score ||
      (score === best.score && entry.path.length < best.entry.path.length)
    )
      best = { entry, score };
  }
  return best ? { path: best.entry.path, source: 'name' } : undefined;
}

/** INBOX as the server spells it (the name is case-insensitive in IMAP). */
export function findInbox(entries: readonly FolderEntry[]): string {
  return (
    entries.find((e) => hasFlag(e, '\\Inbox'))?.path ??
    entries.find((e) => e.path.toUpperCase() === 'INBOX')?.path ??
    'INBOX'
  );
}
