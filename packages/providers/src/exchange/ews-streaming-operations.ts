import type { EwsClient } from './ews-client.js';
import { EwsCallError } from './ews-errors.js';
import { responseError, successfulResponse } from './ews-response.js';
import {
  childText,
  escapeXml,
  localName,
  responseMessages,
  type SoapDocument,
  type XmlElement,
} from './soap-xml.js';

/** Every item change sync cares about; StatusEvent is not allowed on streaming subscriptions. */
export const STREAMING_EVENT_TYPES = [
  'NewMailEvent',
  'CreatedEvent',
  'DeletedEvent',
  'ModifiedEvent',
  'MovedEvent',
  'CopiedEvent',
] as const;

/** GetStreamingEvents keeps a connection open for 1 to 30 minutes. */
export const MAX_CONNECTION_TIMEOUT_MINUTES = 30;

/** Subscribe with a StreamingSubscriptionRequest (Exchange 2010 SP1 and later). */
export function subscribeStreamingXml(folderIds: readonly string[]): string {
  return (
    '<m:Subscribe><t:StreamingSubscriptionRequest>' +
    `<t:FolderIds>${folderIds.map((id) => `<t:FolderId Id="${escapeXml(id)}"/>`).join('')}</t:FolderIds>` +
    `<t:EventTypes>${STREAMING_EVENT_TYPES.map((type) => `<t:EventType>${type}</t:EventType>`).join('')}</t:EventTypes>` +
    '</t:StreamingSubscriptionRequest></m:Subscribe>'
  );
}

/**
 * A streaming subscription to these folders; returns its id. Streaming subscriptions need no
 * Unsubscribe: the server drops them about 30 minutes after their last connection.
 * @throws EwsCallError (a fault or error ResponseClass: ErrorInvalidRequest from a server without
 *   streaming, ErrorExceededSubscriptionCount, ...), HttpFailure
 */
export async function subscribeStreaming(
  client: EwsClient,
  folderIds: readonly string[],
  signal: AbortSignal,
): Promise<string> {
  const doc = await client.call(
    'Subscribe',
    subscribeStreamingXml(folderIds),
    'Exchange2010_SP2',
    signal,
  );
  const message = successfulResponse(doc, 'Subscribe', 'The server sent no subscription.');
  const id = childText(message.element, 'SubscriptionId')?.trim();
  if (!id)
    throw new EwsCallError(
      'response',
      'Subscribe',
      200,
      'ErrorNoSubscriptionId',
      'The answer carried no SubscriptionId.',
    );
  return id;
}

export function getStreamingEventsXml(
  subscriptionId: string,
  connectionTimeoutMinutes: number,
): string {
  const minutes = Math.max(
    1,
    Math.min(MAX_CONNECTION_TIMEOUT_MINUTES, Math.floor(connectionTimeoutMinutes)),
  );
  return (
    `<m:GetStreamingEvents><m:SubscriptionIds><t:SubscriptionId>${escapeXml(subscriptionId)}</t:SubscriptionId></m:SubscriptionIds>` +
    `<m:ConnectionTimeout>${minutes}</m:ConnectionTimeout></m:GetStreamingEvents>`
  );
}

/** What one envelope of a GetStreamingEvents stream says. */
export interface StreamingMessage {
  /** Folders with item changes: the parent folders of the items (the old one too for a move or copy). */
  folderIds: Set<string>;
  /** OK: the connection stays open; Closed: the server ends it (ConnectionTimeout reached). */
  connectionStatus: 'OK' | 'Closed' | undefined;
}

/**
 * Reads one envelope of the stream.
 * @throws EwsCallError for a fault or an error ResponseClass (ErrorSubscriptionNotFound,
 *   ErrorInvalidSubscription, ... : the subscription is gone).
 */
export function readStreamingMessage(doc: SoapDocument): StreamingMessage {
  if (doc.fault)
    throw new EwsCallError(
      'fault',
      'GetStreamingEvents',
      200,
      doc.fault.responseCode ?? doc.fault.code,
      doc.fault.message,
    );
  const result: StreamingMessage = { folderIds: new Set(), connectionStatus: undefined };
  for (const message of responseMessages(doc.payload)) {
    if (message.responseClass === 'Error') throw responseError('GetStreamingEvents', message);
    const notifications = message.element.children.find((c) => localName(c) === 'Notifications');
    for (const notification of notifications?.children ?? []) {
      for (const event of notification.children) addChangedFolders(event, result.folderIds);
    }
    const status = childText(message.element, 'ConnectionStatus')?.trim();
    if (status === 'OK' || status === 'Closed') result.connectionStatus = status;
  }
  return result;
}

/**
 * An item event names the item's folder (ParentFolderId) and, for a move or copy, the folder it
 * left (OldParentFolderId). A folder event names the folder itself (FolderId: its counts or name
 * changed); its parents are not synced for it.
 */
function addChangedFolders(event: XmlElement, into: Set<string>): void {
  const ids = new Map(event.children.map((c) => [localName(c), c.attributes.Id] as const));
  const names = ids.has('FolderId') ? ['FolderId'] : ['ParentFolderId', 'OldParentFolderId'];
  for (const name of names) {
    const id = ids.get(name);
    if (id) into.add(id);
  }
}
