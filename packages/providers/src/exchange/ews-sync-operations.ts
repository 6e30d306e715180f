import type { HeaderLine } from '../core/automatic-mail.js';
import type { EwsClient } from './ews-client.js';
import { EwsCallError } from './ews-errors.js';
import { successfulResponse } from './ews-response.js';
import {
  childText,
  escapeXml,
  firstDescendant,
  localName,
  responseMessages,
  type XmlElement,
} from './soap-xml.js';

/** EWS caps MaxChangesReturned at 512. */
export const MAX_SYNC_CHANGES = 512;

export type EwsItemChange =
  | { kind: 'create' | 'update'; itemId: string }
  | { kind: 'delete'; itemId: string }
  | { kind: 'read-flag'; itemId: string; isRead: boolean };

export interface SyncFolderItemsPage {
  /** The opaque state to send next time (store it with the rows of this page). */
  syncState: string;
  /** False: call again with syncState, more changes are waiting. */
  includesLastItemInRange: boolean;
  changes: EwsItemChange[];
}

/** SyncFolderItems with ids only: the ItemShape is IdOnly, GetItem reads the properties. */
export function syncFolderItemsXml(
  folderId: string,
  syncState: string | null,
  maxChanges: number,
): string {
  return (
    '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>' +
    `<m:SyncFolderId><t:FolderId Id="${escapeXml(folderId)}"/></m:SyncFolderId>` +
    (syncState ? `<m:SyncState>${escapeXml(syncState)}</m:SyncState>` : '') +
    `<m:MaxChangesReturned>${Math.max(1, Math.min(MAX_SYNC_CHANGES, Math.floor(maxChanges)))}</m:MaxChangesReturned>` +
    '</m:SyncFolderItems>'
  );
}

/**
 * One page of changes of a folder since `syncState` (null: from the beginning).
 * @throws EwsCallError: ResponseCode ErrorInvalidSyncStateData (start over), ErrorItemNotFound /
 *   ErrorFolderNotFound (the folder is gone), or any other failure.
 */
export async function syncFolderItems(
  client: EwsClient,
  folderId: string,
  syncState: string | null,
  maxChanges: number,
  signal: AbortSignal,
): Promise<SyncFolderItemsPage> {
  const doc = await client.call(
    'SyncFolderItems',
    syncFolderItemsXml(folderId, syncState, maxChanges),
    'Exchange2010_SP2',
    signal,
  );
  const message = successfulResponse(doc, 'SyncFolderItems', 'The server sent no changes.');
  const state = childText(message.element, 'SyncState');
  if (!state)
    throw new EwsCallError(
      'response',
      'SyncFolderItems',
      200,
      'ErrorNoSyncState',
      'The answer carried no SyncState.',
    );
  const changes: EwsItemChange[] = [];
  const container = message.element.children.find((c) => localName(c) === 'Changes');
  for (const change of container?.children ?? []) {
    const kind = localName(change);
    const itemId = firstDescendant(change, 'ItemId')?.attributes.Id;
    if (!itemId) continue;
    if (kind === 'Create') changes.push({ kind: 'create', itemId });
    else if (kind === 'Update') changes.push({ kind: 'update', itemId });
    else if (kind === 'Delete') changes.push({ kind: 'delete', itemId });
    else if (kind === 'ReadFlagChange')
      changes.push({
        kind: 'read-flag',
        itemId,
        isRead: childText(change, 'IsRead')?.toLowerCase() === 'true',
      });
  }
  return {
    syncState: state,
    includesLastItemInRange:
      childText(message.element, 'IncludesLastItemInRange')?.toLowerCase() !== 'false',
    changes,
  };
}

export interface EwsMailbox {
  name: string | null;
  address: string;
  routingType: string | null;
}

/** What sync stores of one item (bodies stay on the server; the text is cut to a snippet by the caller). */
export interface EwsItemMetadata {
  itemId: string;
  subject: string | null;
  from: EwsMailbox | null;
  to: EwsMailbox[];
  cc: EwsMailbox[];
  internetMessageId: string | null;
  inReplyTo: string | null;
  /** The References header as Exchange stores it (space-separated Message-IDs). */
  references: string | null;
  dateTimeSent: string | null;
  isRead: boolean;
  /** The text body (BodyType Text), when asked for. */
  body: string | null;
  /** The internet message headers Exchange kept (InternetMessageHeaders), as header lines. */
  headers: HeaderLine[];
}

export type GetItemResult =
  | { ok: true; item: EwsItemMetadata }
  | { ok: false; itemId: string; responseCode: string; message: string };

const METADATA_FIELDS = [
  'item:Subject',
  'message:From',
  'message:ToRecipients',
  'message:CcRecipients',
  'message:InternetMessageId',
  'item:InReplyTo',
  'message:References',
  'item:DateTimeSent',
  'message:IsRead',
  // Auto-replies and delivery reports are recognised by their headers, as on IMAP.
  'item:InternetMessageHeaders',
];

export function getItemXml(itemIds: readonly string[], withBody: boolean): string {
  const fields = [...METADATA_FIELDS, ...(withBody ? ['item:Body'] : [])]
    .map((f) => `<t:FieldURI FieldURI="${f}"/>`)
    .join('');
  return (
    '<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>' +
    (withBody ? '<t:BodyType>Text</t:BodyType>' : '') +
    `<t:AdditionalProperties>${fields}</t:AdditionalProperties></m:ItemShape>` +
    `<m:ItemIds>${itemIds.map((id) => `<t:ItemId Id="${escapeXml(id)}"/>`).join('')}</m:ItemIds></m:GetItem>`
  );
}

/** The metadata of each item, in request order; an item gone meanwhile is a result (ErrorItemNotFound), not an exception. */
export async function getItems(
  client: EwsClient,
  itemIds: readonly string[],
  withBody: boolean,
  signal: AbortSignal,
): Promise<GetItemResult[]> {
  if (itemIds.length === 0) return [];
  const doc = await client.call(
    'GetItem',
    getItemXml(itemIds, withBody),
    'Exchange2010_SP2',
    signal,
  );
  const messages = responseMessages(doc.payload);
  return itemIds.map((itemId, i): GetItemResult => {
    const message = messages[i];
    if (!message)
      return {
        ok: false,
        itemId,
        responseCode: 'ErrorNoResponse',
        message: 'The server sent no answer for this item.',
      };
    if (message.responseClass === 'Error')
      return {
        ok: false,
        itemId,
        responseCode: message.responseCode,
        message: message.messageText,
      };
    const item = message.element.children.find((c) => localName(c) === 'Items')?.children[0];
    if (!item)
      return {
        ok: false,
        itemId,
        responseCode: 'ErrorNoItem',
        message: 'The answer named no item.',
      };
    return { ok: true, item: readItem(item, itemId) };
  });
}

function readItem(item: XmlElement, requestedId: string): EwsItemMetadata {
  const child = (name: string) => item.children.find((c) => localName(c) === name);
  const mailboxes = (name: string) =>
    (child(name)?.children ?? [])
      .filter((c) => localName(c) === 'Mailbox')
      .map(readMailbox)
      .filter((m): m is EwsMailbox => m !== null);
  const fromBlock = child('From');
  const fromMailbox = fromBlock
    ? fromBlock.children.find((c) => localName(c) === 'Mailbox')
    : undefined;
  return {
    itemId: child('ItemId')?.attributes.Id ?? requestedId,
    subject: childText(item, 'Subject') ?? null,
    from: fromMailbox ? readMailbox(fromMailbox) : null,
    to: mailboxes('ToRecipients'),
    cc: mailboxes('CcRecipients'),
    internetMessageId: childText(item, 'InternetMessageId') ?? null,
    inReplyTo: childText(item, 'InReplyTo') ?? null,
    references: childText(item, 'References') ?? null,
    dateTimeSent: childText(item, 'DateTimeSent') ?? null,
    isRead: childText(item, 'IsRead')?.toLowerCase() === 'true',
    body: child('Body') ? (child('Body')!.text ?? '') : null,
    headers: (child('InternetMessageHeaders')?.children ?? [])
      .filter((c) => localName(c) === 'InternetMessageHeader' && c.attributes.HeaderName)
      .map((c) => {
        const name = c.attributes.HeaderName!.trim();
        return { key: name.toLowerCase(), line: `${name}: ${c.text.trim()}` };
      }),
  };
}

/**
 * The whole message (MimeContent) of each item that has it, by item id: read only for the few items
 * whose headers need their body (delivery reports), never for ordinary mail.
 */
export async function getMimeContents(
  client: EwsClient,
  itemIds: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  if (itemIds.length === 0) return found;
  const doc = await client.call(
    'GetItem',
    '<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>' +
      '<t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape>' +
      `<m:ItemIds>${itemIds.map((id) => `<t:ItemId Id="${escapeXml(id)}"/>`).join('')}</m:ItemIds></m:GetItem>`,
    'Exchange2010_SP2',
    signal,
  );
  responseMessages(doc.payload).forEach((message, i) => {
    const item = message.element.children.find((c) => localName(c) === 'Items')?.children[0];
    const mime = item?.children.find((c) => localName(c) === 'MimeContent');
    if (message.responseClass !== 'Error' && mime && itemIds[i])
      found.set(itemIds[i], Buffer.from(mime.text.trim(), 'base64'));
  });
  return found;
}

function readMailbox(mailbox: XmlElement): EwsMailbox | null {
  const address = childText(mailbox, 'EmailAddress')?.trim();
  if (!address) return null;
  return {
    name: childText(mailbox, 'Name')?.trim() || null,
    address,
    routingType: childText(mailbox, 'RoutingType') ?? null,
  };
}
