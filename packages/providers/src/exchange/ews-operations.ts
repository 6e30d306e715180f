import type { EwsClient } from './ews-client.js';
import { EwsCallError } from './ews-errors.js';
import { firstResponseMessage, responseError, successfulResponse } from './ews-response.js';
import {
  allDescendants,
  childText,
  escapeXml,
  firstDescendant,
  localName,
  readResponseMessage,
  responseMessages,
  type SoapDocument,
  type XmlElement,
} from './soap-xml.js';

/** A folder named by Exchange's well-known name or by its id. */
export type FolderRef = { distinguished: string } | { id: string };

export interface EwsFolder {
  id: string;
  changeKey: string | undefined;
  displayName: string | undefined;
  totalCount: number | undefined;
}

export type FolderLookup =
  | { ok: true; ref: FolderRef; folder: EwsFolder }
  | { ok: false; ref: FolderRef; responseCode: string; message: string };

export function folderRefXml(ref: FolderRef): string {
  return 'distinguished' in ref
    ? `<t:DistinguishedFolderId Id="${escapeXml(ref.distinguished)}"/>`
    : `<t:FolderId Id="${escapeXml(ref.id)}"/>`;
}

/** GetFolder for an IdOnly probe or for display names (Default shape). */
export function getFolderXml(refs: readonly FolderRef[], shape: 'IdOnly' | 'Default'): string {
  return `<m:GetFolder><m:FolderShape><t:BaseShape>${shape}</t:BaseShape></m:FolderShape><m:FolderIds>${refs.map(folderRefXml).join('')}</m:FolderIds></m:GetFolder>`;
}

/** One result per folder asked for, in order; a missing folder is a result, not an exception. */
export function readGetFolder(doc: SoapDocument, refs: readonly FolderRef[]): FolderLookup[] {
  const messages = responseMessages(doc.payload);
  return refs.map((ref, i): FolderLookup => {
    const message = messages[i];
    if (!message)
      return {
        ok: false,
        ref,
        responseCode: 'ErrorNoResponse',
        message: 'The server sent no answer for this folder.',
      };
    if (message.responseClass === 'Error')
      return { ok: false, ref, responseCode: message.responseCode, message: message.messageText };
    const folder = firstDescendant(message.element, 'Folders')?.children[0];
    const id = folder ? firstDescendant(folder, 'FolderId') : undefined;
    if (!folder || !id?.attributes.Id)
      return {
        ok: false,
        ref,
        responseCode: 'ErrorNoFolder',
        message: 'The answer named no folder.',
      };
    const total = childText(folder, 'TotalCount');
    return {
      ok: true,
      ref,
      folder: {
        id: id.attributes.Id,
        changeKey: id.attributes.ChangeKey,
        displayName: childText(folder, 'DisplayName'),
        totalCount: total && /^\d+$/.test(total) ? Number(total) : undefined,
      },
    };
  });
}

export async function getFolders(
  client: EwsClient,
  refs: readonly FolderRef[],
  signal: AbortSignal,
): Promise<FolderLookup[]> {
  if (refs.length === 0) return [];
  const doc = await client.call(
    'GetFolder',
    getFolderXml(refs, 'Default'),
    'Exchange2010_SP2',
    signal,
  );
  return readGetFolder(doc, refs);
}

export interface ResolvedMailbox {
  name: string | undefined;
  emailAddress: string | undefined;
  routingType: string | undefined;
  mailboxType: string | undefined;
}

export function resolveNamesXml(entry: string): string {
  return `<m:ResolveNames ReturnFullContactData="false" SearchScope="ActiveDirectory"><m:UnresolvedEntry>${escapeXml(entry)}</m:UnresolvedEntry></m:ResolveNames>`;
}

/** Directory entries matching `entry`; none when Exchange answers ErrorNameResolutionNoResults. */
export async function resolveNames(
  client: EwsClient,
  entry: string,
  signal: AbortSignal,
): Promise<ResolvedMailbox[]> {
  const doc = await client.call('ResolveNames', resolveNamesXml(entry), 'Exchange2010_SP2', signal);
  const message = firstResponseMessage(doc, 'ResolveNames', 'The server sent no resolution.');
  if (message.responseCode === 'ErrorNameResolutionNoResults') return [];
  // ErrorNameResolutionMultipleResults is a Warning that still lists the candidates.
  if (message.responseClass === 'Error') throw responseError('ResolveNames', message);
  return allDescendants(message.element, 'Mailbox').map((mailbox) => ({
    name: childText(mailbox, 'Name'),
    emailAddress: childText(mailbox, 'EmailAddress'),
    routingType: childText(mailbox, 'RoutingType'),
    mailboxType: childText(mailbox, 'MailboxType'),
  }));
}

export interface EwsRecipient {
  address: string;
  name?: string | null;
}

export interface EwsOutgoingMessage {
  from: string | EwsRecipient;
  /** One address, or the recipients with their names. */
  to: string | readonly EwsRecipient[];
  cc?: readonly EwsRecipient[];
  bcc?: readonly EwsRecipient[];
  subject: string;
  text: string;
  /** Sent as the HTML body instead of `text` when given. */
  html?: string | null;
  /** Internet headers to set (e.g. Auto-Submitted). */
  headers?: Record<string, string>;
  /** The Message-ID to send with (angle brackets included): Exchange keeps one set at creation. */
  internetMessageId?: string;
  /** Threading (RFC 5322 §3.6.4): the Message-ID replied to and the References chain. */
  inReplyTo?: string | null;
  references?: readonly string[];
}

function recipientXml(recipient: string | EwsRecipient): string {
  const r = typeof recipient === 'string' ? { address: recipient } : recipient;
  return `<t:Mailbox>${r.name ? `<t:Name>${escapeXml(r.name)}</t:Name>` : ''}<t:EmailAddress>${escapeXml(r.address)}</t:EmailAddress></t:Mailbox>`;
}

function recipientsXml(tag: string, list: string | readonly EwsRecipient[] | undefined): string {
  const entries = typeof list === 'string' ? [list] : (list ?? []);
  return entries.length ? `<t:${tag}>${entries.map(recipientXml).join('')}</t:${tag}>` : '';
}

/** CreateItem with SendAndSaveCopy: sends the message and keeps a copy in Sent Items. */
export function sendMessageXml(message: EwsOutgoingMessage): string {
  const headers = Object.entries(message.headers ?? {})
    .map(
      ([name, value]) =>
        `<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="InternetHeaders" PropertyName="${escapeXml(name)}" PropertyType="String"/><t:Value>${escapeXml(value)}</t:Value></t:ExtendedProperty>`,
    )
    .join('');
  const body = message.html
    ? `<t:Body BodyType="HTML">${escapeXml(message.html)}</t:Body>`
    : `<t:Body BodyType="Text">${escapeXml(message.text)}</t:Body>`;
  const references = message.references?.length
    ? `<t:References>${escapeXml(message.references.join(' '))}</t:References>`
    : '';
  // Element order follows the schema: Item's fields (Subject, Body, InReplyTo, ExtendedProperty), then
  // Message's (ToRecipients, CcRecipients, BccRecipients, From, InternetMessageId, References).
  return (
    '<m:CreateItem MessageDisposition="SendAndSaveCopy">' +
    '<m:SavedItemFolderId><t:DistinguishedFolderId Id="sentitems"/></m:SavedItemFolderId>' +
    '<m:Items><t:Message>' +
    `<t:Subject>${escapeXml(message.subject)}</t:Subject>` +
    body +
    (message.inReplyTo ? `<t:InReplyTo>${escapeXml(message.inReplyTo)}</t:InReplyTo>` : '') +
    headers +
    recipientsXml('ToRecipients', message.to) +
    recipientsXml('CcRecipients', message.cc) +
    recipientsXml('BccRecipients', message.bcc) +
    `<t:From>${recipientXml(message.from)}</t:From>` +
    (message.internetMessageId
      ? `<t:InternetMessageId>${escapeXml(message.internetMessageId)}</t:InternetMessageId>`
      : '') +
    references +
    '</t:Message></m:Items></m:CreateItem>'
  );
}

/** @throws EwsCallError with the per-item response code (ErrorSendAsDenied, ErrorQuotaExceeded, ...) */
export async function sendEwsMessage(
  client: EwsClient,
  message: EwsOutgoingMessage,
  signal: AbortSignal,
): Promise<void> {
  const doc = await client.call('CreateItem', sendMessageXml(message), 'Exchange2010_SP2', signal);
  successfulResponse(doc, 'CreateItem', 'The server did not confirm the message.');
}

export interface InboxRule {
  id: string | undefined;
  displayName: string | undefined;
  enabled: boolean;
  /** Folders the rule moves or copies messages to. */
  targets: Array<{ action: 'MoveToFolder' | 'CopyToFolder'; ref: FolderRef }>;
}

export function getInboxRulesXml(mailbox: string): string {
  return `<m:GetInboxRules><m:MailboxSmtpAddress>${escapeXml(mailbox)}</m:MailboxSmtpAddress></m:GetInboxRules>`;
}

/** GetInboxRulesResponse is not wrapped in ResponseMessages: the element itself carries the ResponseClass. */
export function readInboxRules(doc: SoapDocument): InboxRule[] {
  const message = readResponseMessage(doc.payload);
  if (message.responseClass === 'Error') throw responseError('GetInboxRules', message);
  const container = doc.payload.children.find((c) => localName(c) === 'InboxRules');
  return (container?.children ?? []).filter((c) => localName(c) === 'Rule').map(readRule);
}

export async function getInboxRules(
  client: EwsClient,
  mailbox: string,
  signal: AbortSignal,
): Promise<InboxRule[]> {
  const doc = await client.call(
    'GetInboxRules',
    getInboxRulesXml(mailbox),
    'Exchange2010_SP2',
    signal,
  );
  return readInboxRules(doc);
}

function readRule(rule: XmlElement): InboxRule {
  const actions = rule.children.find((c) => localName(c) === 'Actions');
  const targets: InboxRule['targets'] = [];
  for (const action of actions?.children ?? []) {
    const name = localName(action);
    if (name !== 'MoveToFolder' && name !== 'CopyToFolder') continue;
    const ref = readFolderRef(action);
    if (ref) targets.push({ action: name, ref });
  }
  return {
    id: childText(rule, 'RuleId'),
    displayName: childText(rule, 'DisplayName'),
    enabled: childText(rule, 'IsEnabled')?.toLowerCase() !== 'false',
    targets,
  };
}

function readFolderRef(action: XmlElement): FolderRef | undefined {
  for (const child of action.children) {
    const name = localName(child);
    if (name === 'FolderId' && child.attributes.Id) return { id: child.attributes.Id };
    if (name === 'DistinguishedFolderId' && child.attributes.Id)
      return { distinguished: child.attributes.Id };
  }
  return undefined;
}
