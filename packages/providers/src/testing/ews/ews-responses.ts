import type { ExchangeProfile } from './exchange-profiles.js';

/**
 * EWS answers shaped like Exchange's own: s:/h:/m:/t: prefixes, ServerVersionInfo in the header of
 * every answer except faults (HTTP 500, no header), per-item ResponseClass/ResponseCode/MessageText.
 * Written for this project from the EWS reference (element names, codes and messages are facts).
 */

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const TYPES = 'http://schemas.microsoft.com/exchange/services/2006/types';
const MESSAGES = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const ERRORS = 'http://schemas.microsoft.com/exchange/services/2006/errors';
const XSI_XSD =
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';

/** The texts Exchange sends with these response codes. */
export const EWS_MESSAGES: Record<string, string> = {
  ErrorInvalidServerVersion: 'The specified server version is invalid.',
  ErrorSchemaValidation: 'The request failed schema validation.',
  ErrorInvalidRequest: 'The request is invalid.',
  ErrorSendAsDenied:
    'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
  ErrorAccessDenied: 'Access is denied. Check credentials and try again.',
  ErrorServerBusy: 'The server cannot service this request right now. Try again later.',
  ErrorItemNotFound: 'The specified object was not found in the store.',
  ErrorInvalidSyncStateData: 'Synchronization state data is corrupt or otherwise invalid.',
  ErrorNameResolutionNoResults: 'No results were found.',
  ErrorQuotaExceeded: 'The mailbox quota has been exceeded.',
  ErrorInternalServerError: 'An internal server error occurred. The operation failed.',
  ErrorFolderNotFound: 'The specified folder could not be found in the store.',
  ErrorInvalidSubscriptionRequest: 'The subscription request is invalid.',
  ErrorSubscriptionNotFound: 'The specified subscription was not found.',
  ErrorNewEventStreamConnectionOpened:
    'A new event stream connection was opened for this subscription.',
};

export function xml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** A successful answer: ServerVersionInfo header and the operation's response element. */
export function envelope(profile: ExchangeProfile, body: string): string {
  const v = profile.serverVersionInfo;
  const version = v.version ? ` Version="${v.version}"` : '';
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${SOAP}">` +
    `<s:Header><h:ServerVersionInfo MajorVersion="${v.major}" MinorVersion="${v.minor}" MajorBuildNumber="${v.build}" MinorBuildNumber="${v.revision}"${version} xmlns:h="${TYPES}" xmlns="${TYPES}" ${XSI_XSD}/></s:Header>` +
    `<s:Body ${XSI_XSD}>${body}</s:Body>` +
    '</s:Envelope>'
  );
}

/** A SOAP fault, as EWS sends it for request-level errors: HTTP 500 and no header. */
export function fault(code: string, message = EWS_MESSAGES[code] ?? code): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${SOAP}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="${TYPES}">a:${code}</faultcode>` +
    `<faultstring xml:lang="en-US">${xml(message)}</faultstring>` +
    `<detail><e:ResponseCode xmlns:e="${ERRORS}">${code}</e:ResponseCode><e:Message xmlns:e="${ERRORS}">${xml(message)}</e:Message></detail>` +
    '</s:Fault></s:Body></s:Envelope>'
  );
}

/** One m:XxxResponseMessage; `content` follows ResponseCode on success. */
export function responseMessage(
  operation: string,
  outcome: { code: string; message?: string } | undefined,
  content = '',
): string {
  const tag = `m:${operation}ResponseMessage`;
  if (!outcome || outcome.code === 'NoError')
    return `<${tag} ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>${content}</${tag}>`;
  const cls = outcome.code === 'ErrorNameResolutionMultipleResults' ? 'Warning' : 'Error';
  return (
    `<${tag} ResponseClass="${cls}"><m:MessageText>${xml(outcome.message ?? EWS_MESSAGES[outcome.code] ?? outcome.code)}</m:MessageText>` +
    `<m:ResponseCode>${outcome.code}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>${content}</${tag}>`
  );
}

export function responseMessages(operation: string, messages: string[]): string {
  return `<m:${operation}Response xmlns:m="${MESSAGES}" xmlns:t="${TYPES}"><m:ResponseMessages>${messages.join('')}</m:ResponseMessages></m:${operation}Response>`;
}

export interface FolderView {
  id: string;
  displayName: string;
  totalCount: number;
  unreadCount: number;
}

export function folderXml(folder: FolderView, shape: 'IdOnly' | 'Default'): string {
  const id = `<t:FolderId Id="${xml(folder.id)}" ChangeKey="AQAAABYAAAA="/>`;
  if (shape === 'IdOnly') return `<t:Folder>${id}</t:Folder>`;
  return (
    `<t:Folder>${id}<t:DisplayName>${xml(folder.displayName)}</t:DisplayName>` +
    `<t:TotalCount>${folder.totalCount}</t:TotalCount><t:ChildFolderCount>0</t:ChildFolderCount><t:UnreadCount>${folder.unreadCount}</t:UnreadCount></t:Folder>`
  );
}

export function mailboxXml(entry: { displayName: string; smtpAddress: string }): string {
  return (
    `<t:Resolution><t:Mailbox><t:Name>${xml(entry.displayName)}</t:Name><t:EmailAddress>${xml(entry.smtpAddress)}</t:EmailAddress>` +
    '<t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox></t:Resolution>'
  );
}

export interface RuleView {
  id: string;
  displayName: string;
  priority: number;
  enabled: boolean;
  subjectContains: string;
  actions: Array<{
    action: 'MoveToFolder' | 'CopyToFolder';
    folder: { id: string } | { distinguished: string };
  }>;
}

/** GetInboxRulesResponse carries ResponseClass itself (no ResponseMessages wrapper). */
export function inboxRulesResponse(rules: RuleView[]): string {
  const ruleXml = rules
    .map((rule) => {
      const actions = rule.actions
        .map(({ action, folder }) => {
          const target =
            'id' in folder
              ? `<FolderId Id="${xml(folder.id)}" ChangeKey="AQAAAA=="/>`
              : `<DistinguishedFolderId Id="${xml(folder.distinguished)}"/>`;
          return `<${action}>${target}</${action}>`;
        })
        .join('');
      return (
        `<Rule xmlns="${TYPES}"><RuleId>${xml(rule.id)}</RuleId><DisplayName>${xml(rule.displayName)}</DisplayName>` +
        `<Priority>${rule.priority}</Priority><IsEnabled>${rule.enabled}</IsEnabled>` +
        `<Conditions><ContainsSubjectStrings><String>${xml(rule.subjectContains)}</String></ContainsSubjectStrings></Conditions>` +
        `<Actions>${actions}</Actions></Rule>`
      );
    })
    .join('');
  return (
    `<GetInboxRulesResponse ResponseClass="Success" xmlns="${MESSAGES}"><ResponseCode>NoError</ResponseCode>` +
    `<OutlookRuleBlobExists>false</OutlookRuleBlobExists><InboxRules>${ruleXml}</InboxRules></GetInboxRulesResponse>`
  );
}

export function inboxRulesError(code: string, message = EWS_MESSAGES[code] ?? code): string {
  return (
    `<GetInboxRulesResponse ResponseClass="Error" xmlns="${MESSAGES}"><MessageText>${xml(message)}</MessageText>` +
    `<ResponseCode>${code}</ResponseCode><DescriptiveLinkKey>0</DescriptiveLinkKey></GetInboxRulesResponse>`
  );
}

/** A message in the test mailbox, as GetItem shows it. */
export interface ItemView {
  id: string;
  changeKey: string;
  subject: string;
  from: { name?: string; address: string } | undefined;
  to: Array<{ name?: string; address: string }>;
  cc: Array<{ name?: string; address: string }>;
  internetMessageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  dateTimeSent: string;
  isRead: boolean;
  body: string;
  /** Headers beyond those the fields give. */
  headers: Array<{ name: string; value: string }>;
  mime?: string;
}

/** What GetItem's ItemShape asked for beyond the metadata. */
export interface ItemShapeView {
  body: boolean;
  headers: boolean;
  mime: boolean;
}

/** The item's internet message headers: those its fields give, then its own (a Content-Type replaces the default). */
export function internetHeaders(item: ItemView): Array<{ name: string; value: string }> {
  const own = item.headers;
  const hasOwn = (name: string) => own.some((h) => h.name.toLowerCase() === name.toLowerCase());
  const mailbox = (m: { name?: string; address: string }) =>
    m.name ? `${m.name} <${m.address}>` : m.address;
  const given: Array<[string, string | undefined]> = [
    ['From', item.from ? mailbox(item.from) : undefined],
    ['To', item.to.length ? item.to.map(mailbox).join(', ') : undefined],
    ['Cc', item.cc.length ? item.cc.map(mailbox).join(', ') : undefined],
    ['Subject', item.subject],
    ['Date', new Date(item.dateTimeSent).toUTCString()],
    ['Message-ID', item.internetMessageId],
    ['In-Reply-To', item.inReplyTo],
    ['References', item.references.length ? item.references.join(' ') : undefined],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset="utf-8"'],
  ];
  return [
    ...given
      .filter((h): h is [string, string] => h[1] !== undefined && !hasOwn(h[0]))
      .map(([name, value]) => ({ name, value })),
    ...own,
  ];
}

/** The whole message of an item, as IncludeMimeContent returns it (before base64). */
export function mimeOf(item: ItemView): string {
  return (
    item.mime ??
    `${internetHeaders(item)
      .map((h) => `${h.name}: ${h.value}`)
      .join('\r\n')}\r\n\r\n${item.body}`
  );
}

function itemMailboxXml(entry: { name?: string; address: string }): string {
  return `<t:Mailbox>${entry.name ? `<t:Name>${xml(entry.name)}</t:Name>` : ''}<t:EmailAddress>${xml(entry.address)}</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>OneOff</t:MailboxType></t:Mailbox>`;
}

/** One t:Message with the ItemResponseShape's properties, in schema order (Item's, then Message's). */
export function itemXml(item: ItemView, shape: ItemShapeView): string {
  const recipients = (tag: string, list: Array<{ name?: string; address: string }>) =>
    list.length ? `<t:${tag}>${list.map(itemMailboxXml).join('')}</t:${tag}>` : '';
  return (
    '<t:Message>' +
    (shape.mime
      ? `<t:MimeContent CharacterSet="UTF-8">${Buffer.from(mimeOf(item), 'utf8').toString('base64')}</t:MimeContent>`
      : '') +
    `<t:ItemId Id="${xml(item.id)}" ChangeKey="${xml(item.changeKey)}"/>` +
    `<t:Subject>${xml(item.subject)}</t:Subject>` +
    (shape.body ? `<t:Body BodyType="Text">${xml(item.body)}</t:Body>` : '') +
    (item.inReplyTo ? `<t:InReplyTo>${xml(item.inReplyTo)}</t:InReplyTo>` : '') +
    (shape.headers
      ? `<t:InternetMessageHeaders>${internetHeaders(item)
          .map(
            (h) =>
              `<t:InternetMessageHeader HeaderName="${xml(h.name)}">${xml(h.value)}</t:InternetMessageHeader>`,
          )
          .join('')}</t:InternetMessageHeaders>`
      : '') +
    `<t:DateTimeSent>${item.dateTimeSent}</t:DateTimeSent>` +
    recipients('ToRecipients', item.to) +
    recipients('CcRecipients', item.cc) +
    (item.from ? `<t:From>${itemMailboxXml(item.from)}</t:From>` : '') +
    (item.internetMessageId
      ? `<t:InternetMessageId>${xml(item.internetMessageId)}</t:InternetMessageId>`
      : '') +
    `<t:IsRead>${item.isRead}</t:IsRead>` +
    (item.references.length
      ? `<t:References>${xml(item.references.join(' '))}</t:References>`
      : '') +
    '</t:Message>'
  );
}

export type SyncChangeView =
  | { kind: 'Create' | 'Update'; id: string; changeKey: string }
  | { kind: 'Delete'; id: string }
  | { kind: 'ReadFlagChange'; id: string; isRead: boolean };

/** The content of a successful SyncFolderItemsResponseMessage. */
export function syncFolderItemsContent(
  syncState: string,
  includesLast: boolean,
  changes: SyncChangeView[],
): string {
  const changeXml = changes
    .map((c) => {
      if (c.kind === 'Delete') return `<t:Delete><t:ItemId Id="${xml(c.id)}"/></t:Delete>`;
      if (c.kind === 'ReadFlagChange')
        return `<t:ReadFlagChange><t:ItemId Id="${xml(c.id)}"/><t:IsRead>${c.isRead}</t:IsRead></t:ReadFlagChange>`;
      return `<t:${c.kind}><t:Message><t:ItemId Id="${xml(c.id)}" ChangeKey="${xml(c.changeKey)}"/></t:Message></t:${c.kind}>`;
    })
    .join('');
  return `<m:SyncState>${xml(syncState)}</m:SyncState><m:IncludesLastItemInRange>${includesLast}</m:IncludesLastItemInRange><m:Changes>${changeXml}</m:Changes>`;
}

export function subscribeResponse(
  outcome: { subscriptionId: string; watermark: string } | { code: string; message?: string },
): string {
  const content =
    'subscriptionId' in outcome
      ? `<m:SubscriptionId>${xml(outcome.subscriptionId)}</m:SubscriptionId><m:Watermark>${xml(outcome.watermark)}</m:Watermark>`
      : '';
  return responseMessages('Subscribe', [
    responseMessage('Subscribe', 'code' in outcome ? outcome : undefined, content),
  ]);
}

/** One change as a streaming notification reports it: an item event with its folder, or a folder event. */
export interface NotificationEventView {
  type:
    | 'NewMailEvent'
    | 'CreatedEvent'
    | 'DeletedEvent'
    | 'ModifiedEvent'
    | 'MovedEvent'
    | 'CopiedEvent';
  watermark: string;
  timeStamp: string;
  itemId?: string;
  folderId?: string;
  parentFolderId: string;
  oldParentFolderId?: string;
}

function notificationEventXml(e: NotificationEventView): string {
  const id = e.itemId
    ? `<t:ItemId Id="${xml(e.itemId)}" ChangeKey="CQAAAA=="/>`
    : `<t:FolderId Id="${xml(e.folderId ?? '')}" ChangeKey="AQAAAA=="/>`;
  const old = e.oldParentFolderId
    ? `<t:OldItemId Id="${xml(e.itemId ?? '')}" ChangeKey="CQAAAA=="/><t:OldParentFolderId Id="${xml(e.oldParentFolderId)}" ChangeKey="AQAAAA=="/>`
    : '';
  return (
    `<t:${e.type}><t:Watermark>${xml(e.watermark)}</t:Watermark><t:TimeStamp>${e.timeStamp}</t:TimeStamp>` +
    `${id}<t:ParentFolderId Id="${xml(e.parentFolderId)}" ChangeKey="AQAAAA=="/>${old}</t:${e.type}>`
  );
}

/**
 * One message of a GetStreamingEvents stream: notifications of a subscription, a ConnectionStatus
 * (OK while the connection stays open, Closed when the server ends it), or an error for the
 * subscription (ErrorSubscriptionNotFound and the ids it concerns).
 */
export function streamingEventsResponse(
  content:
    | { subscriptionId: string; events: NotificationEventView[] }
    | { connectionStatus: 'OK' | 'Closed' }
    | { error: { code: string; message?: string }; subscriptionIds: string[] },
): string {
  if ('error' in content) {
    const ids = `<m:ErrorSubscriptionIds>${content.subscriptionIds.map((id) => `<t:SubscriptionId>${xml(id)}</t:SubscriptionId>`).join('')}</m:ErrorSubscriptionIds>`;
    return responseMessages('GetStreamingEvents', [
      responseMessage('GetStreamingEvents', content.error, ids),
    ]);
  }
  const body =
    'events' in content
      ? `<m:Notifications><t:Notification><t:SubscriptionId>${xml(content.subscriptionId)}</t:SubscriptionId>${content.events.map(notificationEventXml).join('')}</t:Notification></m:Notifications>`
      : `<m:ConnectionStatus>${content.connectionStatus}</m:ConnectionStatus>`;
  return responseMessages('GetStreamingEvents', [
    responseMessage('GetStreamingEvents', undefined, body),
  ]);
}
