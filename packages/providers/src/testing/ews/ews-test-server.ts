import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { childText, localName, parseXml, type XmlElement } from '../../detection/xml.js';
import { createTestCertificate } from '../test-certificates.js';
import {
  casVersion,
  poxNotFound,
  poxRedirectAddress,
  poxRedirectUrl,
  poxSettings,
  soapUserSettings,
  type SoapUserResult,
} from './autodiscover-responses.js';
import {
  EXCHANGE_PROFILES,
  owaVersionOf,
  requestVersionVerdict,
  type ExchangeProfile,
  type ExchangeProfileName,
} from './exchange-profiles.js';
import {
  envelope,
  fault,
  folderXml,
  inboxRulesError,
  itemXml,
  subscribeResponse,
  syncFolderItemsContent,
  type ItemView,
  type SyncChangeView,
  inboxRulesResponse,
  mailboxXml,
  responseMessage,
  responseMessages,
  type FolderView,
  type RuleView,
} from './ews-responses.js';
import type { EwsTestCertificate } from './ews-test-certificate.js';
import { StreamingHub } from './streaming-hub.js';
import {
  createChallenge,
  readNtlmMessage,
  verifyNtlmV2,
  type NtlmServerIdentity,
} from './ntlm-server.js';

/** An Active Directory user with a mailbox. */
export interface EwsTestAccount {
  /** Pre-Windows 2000 logon name: CORP\jane signs in as samAccountName jane in domain CORP. */
  samAccountName: string;
  /** NetBIOS domain; default the server's (CORP). */
  domain?: string;
  /** User principal name (jane@corp.example). */
  upn: string;
  password: string;
  /** Primary SMTP address; null for a mailbox that has none. */
  smtpAddress: string | null;
  displayName?: string;
  /** Other mailboxes' SMTP addresses this account has Send As permission on. */
  sendAs?: string[];
}

export interface EwsTestFolder {
  id: string;
  displayName: string;
  totalCount?: number;
}

export interface EwsTestRule {
  id: string;
  displayName: string;
  enabled?: boolean;
  /** Folder id, or a well-known name such as deleteditems. */
  moveToFolder?: string;
  copyToFolder?: string;
  subjectContains?: string;
}

export type EwsOperation =
  | 'GetFolder'
  | 'ResolveNames'
  | 'CreateItem'
  | 'GetInboxRules'
  | 'SyncFolderItems'
  | 'GetItem'
  | 'Subscribe'
  | 'GetStreamingEvents';

/** A message in the test mailbox (SyncFolderItems lists it, GetItem describes it). */
export interface EwsTestItem {
  /** Default: a generated AAMk... id. */
  id?: string;
  subject: string;
  from?: { name?: string; address: string };
  to?: Array<{ name?: string; address: string }>;
  cc?: Array<{ name?: string; address: string }>;
  /** With angle brackets; default a generated one. */
  internetMessageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** ISO 8601; default now. */
  dateTimeSent?: string;
  isRead?: boolean;
  body?: string;
  /**
   * Internet message headers beyond those the fields give (Auto-Submitted, Content-Type...), as
   * GetItem's InternetMessageHeaders returns them; a Content-Type here replaces the default text/plain.
   */
  headers?: Array<{ name: string; value: string }>;
  /** The whole message (IncludeMimeContent); default: the headers, an empty line, the body. */
  mime?: string;
}

/** An injected failure: a SOAP fault (HTTP 500, no header) or an error ResponseClass for the item. */
export interface EwsFaultSpec {
  code: string;
  message?: string;
  as?: 'fault' | 'response';
}

export interface EwsTestRedirect {
  /** Only for requests to this host (Host header); default any. */
  host?: string;
  /** Path prefix, case-insensitive; default any path. */
  path?: string;
  /** Absolute, or relative to the request URL. */
  location: string;
  status?: 301 | 302 | 307 | 308;
  /** Which listener the rule applies to; default https. */
  protocol?: 'https' | 'http';
}

export interface EwsTestAutodiscover {
  /** Only these Host names serve autodiscover (others get 404); default every name. */
  hosts?: string[];
  pox?: boolean;
  soap?: boolean;
  json?: boolean;
  /** The EWS URL to hand out; default https://<Host of the request>/EWS/Exchange.asmx. */
  ewsUrl?: string;
  /**
   * Behave as Microsoft 365's autodiscover: unauthenticated answers carry
   * X-FederationTrustTokenIssuerUri: urn:federation:MicrosoftOnline, POX says MicrosoftOnline=True,
   * SOAP UserMSOnline=True, JSON points to outlook.office365.com.
   */
  microsoftOnline?: boolean;
  /** POX/SOAP answer "ask there instead" (redirectUrl / RedirectUrl). */
  redirectUrl?: string;
  /** POX/SOAP answer "ask for this address instead" (redirectAddr / RedirectAddress). */
  redirectAddress?: string;
}

export interface EwsTestServerOptions {
  /** Which Exchange release to be (ServerVersionInfo, accepted request versions, headers); default 2016. */
  profile?: ExchangeProfileName;
  /** Report another ServerVersionInfo than the profile's (e.g. 15.20 behind an on-premises-looking front end). */
  serverVersionInfo?: Partial<ExchangeProfile['serverVersionInfo']>;
  /** Names the server answers for; used for its certificate when `certificate` is not given. */
  hostnames?: string[];
  /** Share one certificate between servers (see createEwsTestCertificate). Default: test-certificates' trusted one (localhost). */
  certificate?: EwsTestCertificate;
  /** Which methods the 401 offers; default all three (Exchange Online: OAuth + Basic, never accepted). */
  auth?: { basic?: boolean; ntlm?: boolean; negotiate?: boolean };
  accounts?: EwsTestAccount[];
  /** Other directory entries (shared mailboxes) ResolveNames finds. */
  mailboxes?: Array<{ smtpAddress: string; displayName: string }>;
  folders?: EwsTestFolder[];
  /** Messages per folder, keyed by folder id or well-known name (inbox, sentitems). */
  items?: Record<string, EwsTestItem[]>;
  inboxRules?: EwsTestRule[];
  faults?: Partial<Record<EwsOperation, EwsFaultSpec>>;
  /** Answer these operations with this body as it is (200, text/xml): a broken or hostile server. */
  rawAnswers?: Partial<Record<EwsOperation, string>>;
  /** Serve /EWS/Exchange.asmx; default true. */
  ews?: boolean;
  /** Redirect every request outside /owa to /owa/ (an HTTP redirect on the whole IIS site, EWS included). */
  redirectToOwa?: boolean;
  redirects?: EwsTestRedirect[];
  autodiscover?: EwsTestAutodiscover;
  /** Also listen for plain http (the autodiscover redirect probe). */
  http?: boolean;
  ntlmIdentity?: NtlmServerIdentity;
  /**
   * Serve streaming notifications (Subscribe with StreamingSubscriptionRequest, GetStreamingEvents);
   * default true. false: answer Subscribe as a server without them (fault ErrorInvalidRequest).
   */
  streaming?: boolean;
  /** Tests only: end each GetStreamingEvents stream after this many seconds instead of its ConnectionTimeout minutes. */
  streamingTimeoutSeconds?: number;
}

export interface EwsRecordedRequest {
  protocol: 'https' | 'http';
  host: string;
  method: string;
  path: string;
  /** The Authorization header as received (undefined when none was sent). */
  authorization: string | undefined;
  /** The SOAP operation (GetFolder...) or autodiscover format (pox, soap, json). */
  operation?: string;
  requestServerVersion?: string;
  /** The account that was signed in, when credentials were accepted. */
  authenticatedAs?: string;
}

export interface EwsSentMessage {
  authenticatedAs: string;
  from: string | undefined;
  to: string[];
  subject: string;
  disposition: string | undefined;
  internetHeaders: Record<string, string>;
  cc: string[];
  bcc: string[];
  /** The InternetMessageId the client set, if any. */
  internetMessageId: string | undefined;
  inReplyTo: string | undefined;
  body: string;
}

export interface EwsTestServer {
  port: number;
  /** The plain http port, when `http` was asked for. */
  httpPort: number | undefined;
  /** PEM to trust. */
  ca: string;
  profile: ExchangeProfile;
  requests: EwsRecordedRequest[];
  sentMessages: EwsSentMessage[];
  /** Credentials refused so far (Basic or NTLM), per account UPN ('?' for unknown users). */
  failedLogons: Map<string, number>;
  /** https://<host>:<port>/EWS/Exchange.asmx */
  ewsUrl(host?: string): string;
  setInboxRules(rules: EwsTestRule[]): void;
  removeFolder(id: string): void;
  /** Adds (or re-adds) a folder; its items start empty. */
  addFolder(folder: EwsTestFolder): void;
  /** Adds a message to a folder (id or well-known name); returns its item id. */
  addItem(folder: string, item: EwsTestItem): string;
  /** Deletes a message (a hard delete: SyncFolderItems reports Delete). */
  deleteItem(id: string): void;
  /** Marks a message read or unread (SyncFolderItems reports ReadFlagChange). */
  setRead(id: string, isRead: boolean): void;
  /** Changes a message's subject (SyncFolderItems reports Update). */
  updateItem(id: string, changes: Partial<Pick<EwsTestItem, 'subject' | 'body'>>): void;
  /** The messages of a folder (id or well-known name), oldest first. */
  items(folder: string): Array<EwsTestItem & { id: string }>;
  /** Drops every streaming subscription (as a mailbox move does); open streams end with ErrorSubscriptionNotFound. */
  expireSubscriptions(): void;
  /** Writes raw text into every open notification stream (a mangling proxy, a broken message). */
  writeToStreams(text: string): void;
  /** GetStreamingEvents connections open now. */
  readonly openStreams: number;
  /** Client connections (sockets) open now, on either listener. */
  readonly openConnections: number;
  stop(): Promise<void>;
}

export const TEST_NTLM_IDENTITY: NtlmServerIdentity = {
  domain: 'CORP',
  computer: 'EXCH01',
  dnsDomain: 'corp.example',
};

/** The default account: CORP\jane, jane@corp.example. */
export const TEST_EXCHANGE_ACCOUNT: EwsTestAccount = {
  samAccountName: 'jane',
  domain: 'CORP',
  upn: 'jane@corp.example',
  password: 'Winter-2024!',
  smtpAddress: 'jane@corp.example',
  displayName: 'Jane Doe',
};

const DISTINGUISHED: Record<string, FolderView> = {
  inbox: { id: 'AAMkADExchInbox0001', displayName: 'Inbox', totalCount: 12, unreadCount: 3 },
  sentitems: {
    id: 'AAMkADExchSent00002',
    displayName: 'Sent Items',
    totalCount: 5,
    unreadCount: 0,
  },
  deleteditems: {
    id: 'AAMkADExchDeleted03',
    displayName: 'Deleted Items',
    totalCount: 0,
    unreadCount: 0,
  },
  junkemail: {
    id: 'AAMkADExchJunk00004',
    displayName: 'Junk Email',
    totalCount: 0,
    unreadCount: 0,
  },
  drafts: { id: 'AAMkADExchDrafts005', displayName: 'Drafts', totalCount: 0, unreadCount: 0 },
};
/** The parent of the mailbox's folders (Top of Information Store). */
const MSGFOLDERROOT_ID = 'AAMkADExchRoot00000';

const MAX_BODY = 1024 * 1024;

/**
 * A loopback (127.0.0.1) HTTPS server that answers like an on-premises Exchange CAS: EWS (GetFolder,
 * ResolveNames, CreateItem, GetInboxRules, SyncFolderItems, GetItem, and streaming notifications
 * through Subscribe and GetStreamingEvents, see streaming-hub.ts) behind Basic and NTLM (type
 * 1/2/3 with the NTLMv2 proof checked against the account's password; see ntlm-server.ts) and a Negotiate offer it never
 * completes; SOAP faults and per-item errors; Outlook on the web pages and redirects; autodiscover
 * in POX, SOAP and JSON; optionally a plain http listener for the autodiscover redirect probe.
 */
export async function startEwsTestServer(
  options: EwsTestServerOptions = {},
): Promise<EwsTestServer> {
  const base = EXCHANGE_PROFILES[options.profile ?? '2016'];
  const profile: ExchangeProfile = {
    ...base,
    serverVersionInfo: { ...base.serverVersionInfo, ...options.serverVersionInfo },
  };
  const certificate = options.certificate ?? (await createTestCertificate('trusted'));
  const accounts = options.accounts ?? [TEST_EXCHANGE_ACCOUNT];
  const identity = options.ntlmIdentity ?? TEST_NTLM_IDENTITY;
  const auth = { basic: true, ntlm: true, negotiate: true, ...options.auth };
  let folders: EwsTestFolder[] = [...(options.folders ?? [])];
  let rules: EwsTestRule[] = [...(options.inboxRules ?? [])];
  const requests: EwsRecordedRequest[] = [];
  const sentMessages: EwsSentMessage[] = [];
  // The mailbox's messages, and per folder a journal of changes that SyncFolderItems replays.
  const itemsById = new Map<string, { folderId: string; view: ItemView }>();
  const journals = new Map<string, JournalEntry[]>();
  let changeSeq = 0;
  let itemCounter = 0;
  const streaming = new StreamingHub({
    profile,
    resolveFolder: (ref) => {
      const raw = ref.attributes.Id ?? '';
      const id =
        localName(ref) === 'DistinguishedFolderId' ? DISTINGUISHED[raw.toLowerCase()]?.id : raw;
      return id && folderExists(id) ? id : undefined;
    },
    rootFolderId: MSGFOLDERROOT_ID,
    inboxId: DISTINGUISHED.inbox!.id,
    ...(options.streamingTimeoutSeconds !== undefined
      ? { timeoutSeconds: options.streamingTimeoutSeconds }
      : {}),
  });
  for (const [folder, list] of Object.entries(options.items ?? {}))
    for (const item of list) putItem(folder, item);
  const failedLogons = new Map<string, number>();
  // NTLM is connection-bound: the challenge of a type 2 message is valid on its socket only.
  const challenges = new WeakMap<Socket, Buffer>();
  const sockets = new Set<Socket>();

  const handler = (secure: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    readBody(req)
      .then((body) => handle(req, res, body, secure))
      .catch(() => {
        if (!res.headersSent) res.writeHead(413).end();
      });
  };

  function folderIdOf(folder: string): string {
    return DISTINGUISHED[folder.toLowerCase()]?.id ?? folder;
  }

  function folderExists(id: string): boolean {
    return (
      Object.values(DISTINGUISHED).some((f) => f.id === id) || folders.some((f) => f.id === id)
    );
  }

  function record(folderId: string, kind: JournalEntry['kind'], id: string): void {
    changeSeq += 1;
    let list = journals.get(folderId);
    if (!list) journals.set(folderId, (list = []));
    list.push({ seq: changeSeq, kind, id });
    streaming.itemChanged(folderId, kind, id);
  }

  function putItem(folder: string, item: EwsTestItem): string {
    itemCounter += 1;
    const id =
      item.id ??
      `AAMkADItem${String(itemCounter).padStart(6, '0')}${Buffer.from(String(Math.random())).toString('base64url').slice(0, 10)}=`;
    const folderId = folderIdOf(folder);
    itemsById.set(id, {
      folderId,
      view: {
        id,
        changeKey: `CQAAABYAAAA${itemCounter}`,
        subject: item.subject,
        from: item.from,
        to: item.to ?? [],
        cc: item.cc ?? [],
        internetMessageId:
          item.internetMessageId ?? `<${id.slice(0, 24).toLowerCase()}@exch01.corp.example>`,
        inReplyTo: item.inReplyTo,
        references: item.references ?? [],
        dateTimeSent: item.dateTimeSent ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        isRead: item.isRead ?? false,
        body: item.body ?? '',
        headers: item.headers ?? [],
        ...(item.mime !== undefined ? { mime: item.mime } : {}),
      },
    });
    record(folderId, 'Create', id);
    return id;
  }

  function folderCount(id: string): number | undefined {
    if (!journals.has(id)) return undefined;
    return [...itemsById.values()].filter((i) => i.folderId === id).length;
  }

  const https = createHttpsServer({ key: certificate.key, cert: certificate.cert }, handler(true));
  https.on('secureConnection', (socket) => track(socket));
  await listen(https);
  let http: Server | undefined;
  if (options.http) {
    http = createHttpServer(handler(false));
    http.on('connection', (socket) => track(socket));
    await listen(http);
  }
  const port = (https.address() as AddressInfo).port;

  function track(socket: Socket): void {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string, secure: boolean): void {
    const hostHeader = req.headers.host ?? 'localhost';
    const host = hostHeader
      .replace(/:\d+$/, '')
      .replace(/^\[(.*)\]$/, '$1')
      .toLowerCase();
    const url = new URL(req.url ?? '/', `${secure ? 'https' : 'http'}://${hostHeader}`);
    const record: EwsRecordedRequest = {
      protocol: secure ? 'https' : 'http',
      host,
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    };
    requests.push(record);
    const path = url.pathname.toLowerCase();

    const rule = (options.redirects ?? []).find(
      (r) =>
        (r.protocol ?? 'https') === record.protocol &&
        (r.host === undefined || r.host.toLowerCase() === host) &&
        (r.path === undefined || path.startsWith(r.path.toLowerCase())),
    );
    if (rule) return redirect(res, rule.status ?? 302, new URL(rule.location, url).href);
    if (!secure) return notFound(res);

    if (options.redirectToOwa && !path.startsWith('/owa'))
      return redirect(res, 302, `https://${hostHeader}/owa/`);
    if (path === '/owa' || path === '/owa/' || path === '/ecp' || path.startsWith('/ecp/')) {
      return redirect(
        res,
        302,
        `https://${hostHeader}/owa/auth/logon.aspx?replaceCurrent=1&url=${encodeURIComponent(url.href)}`,
      );
    }
    if (path.startsWith('/owa/')) return page(res, 200, OWA_LOGON_PAGE);
    if (path === '/ews/exchange.asmx' && options.ews !== false)
      return ews(req, res, body, record, hostHeader);
    const ad =
      options.autodiscover &&
      (!options.autodiscover.hosts ||
        options.autodiscover.hosts.some((h) => h.toLowerCase() === host))
        ? options.autodiscover
        : undefined;
    if (ad?.pox && path === '/autodiscover/autodiscover.xml')
      return autodiscoverXml(req, res, body, record, hostHeader, ad, 'pox');
    if (ad?.soap && path === '/autodiscover/autodiscover.svc')
      return autodiscoverXml(req, res, body, record, hostHeader, ad, 'soap');
    if (ad?.json && path.startsWith('/autodiscover/autodiscover.json'))
      return autodiscoverJson(res, url, record, hostHeader, ad);
    return notFound(res);
  }

  // --- authentication ---------------------------------------------------------------------------

  function challengeHeaders(
    hostHeader: string,
    extra: Record<string, string> = {},
  ): Record<string, string | string[]> {
    const offers: string[] = [];
    if (profile.online) {
      offers.push(
        'Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"',
        'Basic Realm=""',
      );
    } else {
      if (auth.negotiate) offers.push('Negotiate');
      if (auth.ntlm) offers.push('NTLM');
      if (auth.basic) offers.push(`Basic realm="${hostHeader.replace(/:\d+$/, '')}"`);
    }
    const headers: Record<string, string | string[]> = {
      'content-type': 'text/html',
      'x-powered-by': 'ASP.NET',
      ...extra,
    };
    if (offers.length) headers['www-authenticate'] = offers;
    if (profile.owaVersionHeader) headers['x-owa-version'] = owaVersionOf(profile);
    return headers;
  }

  function unauthorized(
    res: ServerResponse,
    hostHeader: string,
    extra?: Record<string, string>,
  ): void {
    res.writeHead(401, challengeHeaders(hostHeader, extra));
    res.end(
      '<html><head><title>401 - Unauthorized</title></head><body><h1>401 - Unauthorized: Access is denied due to invalid credentials.</h1></body></html>',
    );
  }

  function refuse(account: EwsTestAccount | undefined): void {
    const key = account?.upn ?? '?';
    failedLogons.set(key, (failedLogons.get(key) ?? 0) + 1);
  }

  /** The signed-in account, or undefined after answering 401 (challenge, NTLM type 2, or refusal). */
  function authenticate(
    req: IncomingMessage,
    res: ServerResponse,
    record: EwsRecordedRequest,
    hostHeader: string,
    extra?: Record<string, string>,
  ): EwsTestAccount | undefined {
    const header = req.headers.authorization ?? '';
    const space = header.indexOf(' ');
    const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
    const token = space === -1 ? '' : header.slice(space + 1).trim();

    if (scheme === 'basic' && (auth.basic || profile.online)) {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const account = findByLogonName(decoded.slice(0, colon));
      // Exchange Online stopped accepting Basic for EWS: every password is refused.
      if (
        !profile.online &&
        account &&
        colon > 0 &&
        decoded.slice(colon + 1) === account.password
      ) {
        record.authenticatedAs = account.upn;
        return account;
      }
      refuse(account);
    } else if (scheme === 'ntlm' && auth.ntlm && !profile.online) {
      const message = readNtlmMessage(token);
      if (message.type === 1) {
        const { token: type2, challenge } = createChallenge(identity);
        challenges.set(req.socket, challenge);
        res.writeHead(401, {
          'www-authenticate': `NTLM ${type2}`,
          'content-type': 'text/html',
          'content-length': '0',
        });
        res.end();
        return undefined;
      }
      if (message.type === 3) {
        const challenge = challenges.get(req.socket);
        challenges.delete(req.socket);
        const account = findByNtlmName(message.user, message.domain);
        if (challenge && account && verifyNtlmV2(message, challenge, account.password)) {
          record.authenticatedAs = account.upn;
          return account;
        }
        refuse(account);
      }
    }
    unauthorized(res, hostHeader, extra);
    return undefined;
  }

  /** IIS Basic: DOMAIN\user, the UPN, or a bare user name in the default domain. */
  function findByLogonName(name: string): EwsTestAccount | undefined {
    const lower = name.toLowerCase();
    return accounts.find((a) => {
      const domain = (a.domain ?? identity.domain).toLowerCase();
      return (
        lower === `${domain}\\${a.samAccountName.toLowerCase()}` ||
        lower === a.upn.toLowerCase() ||
        lower === a.samAccountName.toLowerCase()
      );
    });
  }

  /** NTLM: user + NetBIOS (or DNS) domain, or a UPN with an empty domain. */
  function findByNtlmName(user: string, domain: string): EwsTestAccount | undefined {
    const u = user.toLowerCase();
    const d = domain.toLowerCase();
    return accounts.find((a) => {
      const own = (a.domain ?? identity.domain).toLowerCase();
      if (d === '') return u === a.upn.toLowerCase() || u === a.samAccountName.toLowerCase();
      return (
        (d === own || d === identity.dnsDomain.toLowerCase()) &&
        u === a.samAccountName.toLowerCase()
      );
    });
  }

  // --- EWS ----------------------------------------------------------------------------------------

  function ews(
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    record: EwsRecordedRequest,
    hostHeader: string,
  ): void {
    const account = authenticate(req, res, record, hostHeader);
    if (!account) return;
    if (req.method !== 'POST')
      return page(res, 200, '<html><body>You have created a service.</body></html>');
    let root: XmlElement;
    try {
      root = parseXml(body);
    } catch {
      return soap(
        res,
        500,
        fault(
          'ErrorSchemaValidation',
          'The request failed schema validation: the request is not well-formed XML.',
        ),
      );
    }
    const header = root.children.find((c) => localName(c) === 'Header');
    const request = root.children.find((c) => localName(c) === 'Body')?.children[0];
    const requested = header?.children.find((c) => localName(c) === 'RequestServerVersion')
      ?.attributes.Version;
    record.operation = request ? localName(request) : undefined;
    if (requested) record.requestServerVersion = requested;
    const verdict = requestVersionVerdict(requested, profile);
    if (verdict === 'too-new') return soap(res, 500, fault('ErrorInvalidServerVersion'));
    if (verdict === 'unknown')
      return soap(
        res,
        500,
        fault(
          'ErrorSchemaValidation',
          `The request failed schema validation: The 'Version' attribute is invalid - The value '${requested}' is invalid.`,
        ),
      );
    if (!request) return soap(res, 500, fault('ErrorSchemaValidation'));

    const operation = localName(request) as EwsOperation;
    const raw = options.rawAnswers?.[operation];
    if (raw !== undefined) return soap(res, 200, raw);
    const injected = options.faults?.[operation];
    if (injected && (injected.as ?? 'fault') === 'fault')
      return soap(res, 500, fault(injected.code, injected.message));
    const itemError = injected
      ? { code: injected.code, ...(injected.message ? { message: injected.message } : {}) }
      : undefined;

    switch (operation) {
      case 'GetFolder':
        return soap(res, 200, envelope(profile, getFolder(request, itemError)));
      case 'ResolveNames':
        return soap(res, 200, envelope(profile, resolveNames(request, itemError)));
      case 'CreateItem':
        return soap(res, 200, envelope(profile, createItem(request, account, itemError)));
      case 'GetInboxRules':
        return soap(
          res,
          200,
          envelope(
            profile,
            itemError
              ? inboxRulesError(itemError.code, itemError.message)
              : inboxRulesResponse(ruleViews()),
          ),
        );
      case 'SyncFolderItems':
        return soap(res, 200, envelope(profile, syncFolderItems(request, itemError)));
      case 'GetItem':
        return soap(res, 200, envelope(profile, getItem(request, itemError)));
      case 'Subscribe':
        if (options.streaming === false) return soap(res, 500, fault('ErrorInvalidRequest'));
        return soap(
          res,
          200,
          envelope(
            profile,
            itemError ? subscribeResponse(itemError) : streaming.subscribe(request),
          ),
        );
      case 'GetStreamingEvents':
        if (options.streaming === false) return soap(res, 500, fault('ErrorInvalidRequest'));
        return streaming.getStreamingEvents(request, res, itemError);
      default:
        return soap(res, 500, fault('ErrorInvalidRequest'));
    }
  }

  function getFolder(
    request: XmlElement,
    itemError: { code: string; message?: string } | undefined,
  ): string {
    const shape = childDeep(request, 'BaseShape')?.text.trim() === 'IdOnly' ? 'IdOnly' : 'Default';
    const ids = request.children.find((c) => localName(c) === 'FolderIds')?.children ?? [];
    const messages = ids.map((ref) => {
      if (itemError) return responseMessage('GetFolder', itemError);
      const id = ref.attributes.Id ?? '';
      const found =
        localName(ref) === 'DistinguishedFolderId'
          ? DISTINGUISHED[id.toLowerCase()]
          : (Object.values(DISTINGUISHED).find((f) => f.id === id) ??
            viewOf(folders.find((f) => f.id === id)));
      const count = found ? folderCount(found.id) : undefined;
      const folder = found && count !== undefined ? { ...found, totalCount: count } : found;
      if (!folder)
        return responseMessage('GetFolder', { code: 'ErrorItemNotFound' }, '<m:Folders/>');
      return responseMessage(
        'GetFolder',
        undefined,
        `<m:Folders>${folderXml(folder, shape)}</m:Folders>`,
      );
    });
    return responseMessages('GetFolder', messages);
  }

  function resolveNames(
    request: XmlElement,
    itemError: { code: string; message?: string } | undefined,
  ): string {
    if (itemError)
      return responseMessages('ResolveNames', [responseMessage('ResolveNames', itemError)]);
    const entry = (childDeep(request, 'UnresolvedEntry')?.text.trim() ?? '')
      .replace(/^smtp:/i, '')
      .toLowerCase();
    const directory = [
      ...accounts.flatMap((a) =>
        a.smtpAddress
          ? [{ smtpAddress: a.smtpAddress, displayName: a.displayName ?? a.samAccountName }]
          : [],
      ),
      ...(options.mailboxes ?? []),
    ];
    const found = directory.filter((d) => d.smtpAddress.toLowerCase() === entry);
    if (found.length === 0)
      return responseMessages('ResolveNames', [
        responseMessage('ResolveNames', { code: 'ErrorNameResolutionNoResults' }),
      ]);
    const set = `<m:ResolutionSet TotalItemsInView="${found.length}" IncludesLastItemInRange="true">${found.map(mailboxXml).join('')}</m:ResolutionSet>`;
    return responseMessages('ResolveNames', [responseMessage('ResolveNames', undefined, set)]);
  }

  function createItem(
    request: XmlElement,
    account: EwsTestAccount,
    itemError: { code: string; message?: string } | undefined,
  ): string {
    if (itemError)
      return responseMessages('CreateItem', [
        responseMessage('CreateItem', itemError, '<m:Items/>'),
      ]);
    const message = childDeep(request, 'Message');
    const from = message
      ? childDeep(
          message.children.find((c) => localName(c) === 'From') ?? message,
          'EmailAddress',
        )?.text.trim()
      : undefined;
    const toBlock = message?.children.find((c) => localName(c) === 'ToRecipients');
    const to = toBlock ? allDeep(toBlock, 'EmailAddress').map((e) => e.text.trim()) : [];
    const own = account.smtpAddress?.toLowerCase();
    const mayUse = (address: string) =>
      address.toLowerCase() === own ||
      (account.sendAs ?? []).some((s) => s.toLowerCase() === address.toLowerCase());
    if (from && !mayUse(from))
      return responseMessages('CreateItem', [
        responseMessage('CreateItem', { code: 'ErrorSendAsDenied' }, '<m:Items/>'),
      ]);
    const internetHeaders: Record<string, string> = {};
    for (const property of message ? allDeep(message, 'ExtendedProperty') : []) {
      const name = childDeep(property, 'ExtendedFieldURI')?.attributes.PropertyName;
      const value = childText(property, 'Value');
      if (name && value !== undefined) internetHeaders[name] = value;
    }
    const addresses = (tag: string) => {
      const block = message?.children.find((c) => localName(c) === tag);
      return block ? allDeep(block, 'EmailAddress').map((e) => e.text.trim()) : [];
    };
    const sent: EwsSentMessage = {
      authenticatedAs: account.upn,
      from,
      to,
      subject: (message && childText(message, 'Subject')) ?? '',
      disposition: request.attributes.MessageDisposition,
      internetHeaders,
      cc: addresses('CcRecipients'),
      bcc: addresses('BccRecipients'),
      internetMessageId: message ? childText(message, 'InternetMessageId') : undefined,
      inReplyTo: message ? childText(message, 'InReplyTo') : undefined,
      body: (message && childText(message, 'Body')) ?? '',
    };
    sentMessages.push(sent);
    // SendAndSaveCopy keeps the copy in Sent Items (the SavedItemFolderId; the client names sentitems).
    if (sent.disposition === 'SendAndSaveCopy') {
      const referencesText = message ? childText(message, 'References') : undefined;
      putItem('sentitems', {
        subject: sent.subject,
        from: { address: from ?? account.smtpAddress ?? account.upn },
        to: to.map((address) => ({ address })),
        cc: sent.cc.map((address) => ({ address })),
        ...(sent.internetMessageId ? { internetMessageId: sent.internetMessageId } : {}),
        ...(sent.inReplyTo ? { inReplyTo: sent.inReplyTo } : {}),
        references: referencesText ? referencesText.split(/\s+/).filter(Boolean) : [],
        isRead: true,
        body: sent.body,
      });
    }
    return responseMessages('CreateItem', [responseMessage('CreateItem', undefined, '<m:Items/>')]);
  }

  /**
   * SyncFolderItems over the folder's journal. The sync state names the folder and the last change
   * seen. Items are reported once each, by their first change after the state, with what they are now
   * (created and deleted in between: nothing); a page ends before the first item that does not fit,
   * so the next page starts there (later changes of reported items are reported again: harmless).
   */
  function syncFolderItems(
    request: XmlElement,
    itemError: { code: string; message?: string } | undefined,
  ): string {
    const fail = (code: string) =>
      responseMessages('SyncFolderItems', [responseMessage('SyncFolderItems', { code })]);
    if (itemError)
      return responseMessages('SyncFolderItems', [responseMessage('SyncFolderItems', itemError)]);
    const ref = childDeep(request, 'SyncFolderId')?.children[0];
    const raw = ref?.attributes.Id ?? '';
    const folderId =
      ref && localName(ref) === 'DistinguishedFolderId'
        ? DISTINGUISHED[raw.toLowerCase()]?.id
        : raw;
    if (!folderId || !folderExists(folderId)) return fail('ErrorItemNotFound');
    const requestedMax = Number(childText(request, 'MaxChangesReturned'));
    const max =
      Number.isInteger(requestedMax) && requestedMax >= 1 && requestedMax <= 512
        ? requestedMax
        : 512;
    const stateText = childText(request, 'SyncState')?.trim();
    let since = 0;
    if (stateText) {
      const parsed = readSyncState(stateText);
      if (!parsed || parsed.folder !== folderId) return fail('ErrorInvalidSyncStateData');
      since = parsed.seq;
    }
    const entries = (journals.get(folderId) ?? []).filter((e) => e.seq > since);
    const byItem = new Map<string, { first: number; kinds: Set<JournalEntry['kind']> }>();
    for (const e of entries) {
      const seen = byItem.get(e.id);
      if (seen) seen.kinds.add(e.kind);
      else byItem.set(e.id, { first: e.seq, kinds: new Set([e.kind]) });
    }
    const changes: Array<{ first: number; change: SyncChangeView }> = [];
    for (const [id, { first, kinds }] of byItem) {
      const stored = itemsById.get(id);
      const current = stored && stored.folderId === folderId ? stored.view : undefined;
      if (kinds.has('Create')) {
        if (current)
          changes.push({ first, change: { kind: 'Create', id, changeKey: current.changeKey } });
      } else if (!current) changes.push({ first, change: { kind: 'Delete', id } });
      else if (kinds.has('Update'))
        changes.push({ first, change: { kind: 'Update', id, changeKey: current.changeKey } });
      else changes.push({ first, change: { kind: 'ReadFlagChange', id, isRead: current.isRead } });
    }
    const page = changes.slice(0, max);
    const includesLast = changes.length <= max;
    const last = entries.at(-1)?.seq ?? since;
    const nextSeq = includesLast ? last : changes[max]!.first - 1;
    const state = Buffer.from(JSON.stringify({ f: folderId, s: nextSeq })).toString('base64');
    return responseMessages('SyncFolderItems', [
      responseMessage(
        'SyncFolderItems',
        undefined,
        syncFolderItemsContent(
          state,
          includesLast,
          page.map((c) => c.change),
        ),
      ),
    ]);
  }

  function getItem(
    request: XmlElement,
    itemError: { code: string; message?: string } | undefined,
  ): string {
    const fields = allDeep(request, 'FieldURI').map((f) => f.attributes.FieldURI);
    const shape = {
      body: fields.includes('item:Body'),
      headers: fields.includes('item:InternetMessageHeaders'),
      mime: childDeep(request, 'IncludeMimeContent')?.text.trim() === 'true',
    };
    const ids = request.children.find((c) => localName(c) === 'ItemIds')?.children ?? [];
    const messages = ids.map((ref) => {
      if (itemError) return responseMessage('GetItem', itemError, '<m:Items/>');
      const stored = itemsById.get(ref.attributes.Id ?? '');
      if (!stored) return responseMessage('GetItem', { code: 'ErrorItemNotFound' }, '<m:Items/>');
      return responseMessage(
        'GetItem',
        undefined,
        `<m:Items>${itemXml(stored.view, shape)}</m:Items>`,
      );
    });
    return responseMessages('GetItem', messages);
  }

  function ruleViews(): RuleView[] {
    return rules.map((rule, i) => ({
      id: rule.id,
      displayName: rule.displayName,
      priority: i + 1,
      enabled: rule.enabled ?? true,
      subjectContains: rule.subjectContains ?? rule.displayName,
      actions: [
        ...(rule.moveToFolder
          ? [{ action: 'MoveToFolder' as const, folder: folderRef(rule.moveToFolder) }]
          : []),
        ...(rule.copyToFolder
          ? [{ action: 'CopyToFolder' as const, folder: folderRef(rule.copyToFolder) }]
          : []),
      ],
    }));
  }

  // --- autodiscover -------------------------------------------------------------------------------

  function onlineHeaders(ad: EwsTestAutodiscover): Record<string, string> | undefined {
    return ad.microsoftOnline
      ? { 'x-federationtrusttokenissueruri': 'urn:federation:MicrosoftOnline' }
      : undefined;
  }

  function ewsUrlFor(ad: EwsTestAutodiscover, hostHeader: string): string {
    if (ad.microsoftOnline) return 'https://outlook.office365.com/EWS/Exchange.asmx';
    return ad.ewsUrl ?? `https://${hostHeader}/EWS/Exchange.asmx`;
  }

  function directoryUser(
    address: string,
  ): { displayName: string; smtpAddress: string } | undefined {
    const lower = address.toLowerCase();
    const account = accounts.find((a) => a.smtpAddress?.toLowerCase() === lower);
    if (account?.smtpAddress)
      return {
        displayName: account.displayName ?? account.samAccountName,
        smtpAddress: account.smtpAddress,
      };
    return (options.mailboxes ?? []).find((m) => m.smtpAddress.toLowerCase() === lower);
  }

  /** The address an autodiscover request asks about (the text of `element`); '' when the body is not XML. */
  function requestedAddress(body: string, element: string): string {
    try {
      return childDeep(parseXml(body), element)?.text.trim() ?? '';
    } catch {
      return '';
    }
  }

  /** What autodiscover answers about `email`: a redirect (to a URL or an address), the user, or nobody. */
  function autodiscoverOutcome(
    ad: EwsTestAutodiscover,
    email: string,
    hostHeader: string,
  ):
    | Exclude<SoapUserResult, { kind: 'settings' }>
    | { kind: 'user'; user: NonNullable<ReturnType<typeof directoryUser>>; ewsUrl: string } {
    if (ad.redirectUrl) return { kind: 'redirect-url', url: ad.redirectUrl };
    if (ad.redirectAddress && email.toLowerCase() !== ad.redirectAddress.toLowerCase())
      return { kind: 'redirect-address', address: ad.redirectAddress };
    const user = directoryUser(email);
    return user
      ? { kind: 'user', user, ewsUrl: ewsUrlFor(ad, hostHeader) }
      : { kind: 'invalid-user' };
  }

  /** POX (autodiscover.xml) and SOAP (autodiscover.svc): the same sign-in and outcome, each in its own XML. */
  function autodiscoverXml(
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    record: EwsRecordedRequest,
    hostHeader: string,
    ad: EwsTestAutodiscover,
    protocol: 'pox' | 'soap',
  ): void {
    record.operation = protocol;
    if (!authenticate(req, res, record, hostHeader, onlineHeaders(ad))) return;
    const element = protocol === 'pox' ? 'EMailAddress' : 'Mailbox';
    const outcome = autodiscoverOutcome(ad, requestedAddress(body, element), hostHeader);
    const answer =
      protocol === 'pox' ? poxAnswer(outcome, ad, hostHeader) : soapAnswer(outcome, ad);
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(answer);
  }

  function poxAnswer(
    outcome: ReturnType<typeof autodiscoverOutcome>,
    ad: EwsTestAutodiscover,
    hostHeader: string,
  ): string {
    return outcome.kind === 'redirect-url'
      ? poxRedirectUrl(outcome.url)
      : outcome.kind === 'redirect-address'
        ? poxRedirectAddress(outcome.address)
        : outcome.kind === 'user'
          ? poxSettings(
              profile,
              outcome.user,
              outcome.ewsUrl,
              ad.microsoftOnline ?? false,
              hostHeader.replace(/:\d+$/, ''),
            )
          : poxNotFound();
  }

  function soapAnswer(
    outcome: ReturnType<typeof autodiscoverOutcome>,
    ad: EwsTestAutodiscover,
  ): string {
    const result: SoapUserResult =
      outcome.kind === 'user'
        ? {
            kind: 'settings',
            settings: {
              UserDisplayName: outcome.user.displayName,
              AutoDiscoverSMTPAddress: outcome.user.smtpAddress,
              ExternalEwsUrl: outcome.ewsUrl,
              InternalEwsUrl: outcome.ewsUrl,
              CasVersion: casVersion(profile),
              UserMSOnline: ad.microsoftOnline ? 'True' : 'False',
            },
          }
        : outcome;
    return soapUserSettings(profile, result);
  }

  function autodiscoverJson(
    res: ServerResponse,
    url: URL,
    record: EwsRecordedRequest,
    hostHeader: string,
    ad: EwsTestAutodiscover,
  ): void {
    record.operation = 'json';
    const protocol = url.searchParams.get('Protocol') ?? '';
    if (protocol.toLowerCase() !== 'ews') {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ErrorCode: 'InvalidProtocol',
          ErrorMessage: `The given protocol value '${protocol}' is invalid.`,
        }),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      ...(onlineHeaders(ad) ?? {}),
    });
    res.end(JSON.stringify({ Protocol: 'EWS', Url: ewsUrlFor(ad, hostHeader) }));
  }

  return {
    port,
    httpPort: http ? (http.address() as AddressInfo).port : undefined,
    ca: certificate.ca,
    profile,
    requests,
    sentMessages,
    failedLogons,
    ewsUrl: (host = 'localhost') => `https://${host}:${port}/EWS/Exchange.asmx`,
    setInboxRules(next) {
      rules = [...next];
    },
    removeFolder(id) {
      folders = folders.filter((f) => f.id !== id);
    },
    addFolder(folder) {
      folders = [...folders.filter((f) => f.id !== folder.id), folder];
    },
    addItem(folder, item) {
      return putItem(folder, item);
    },
    deleteItem(id) {
      const stored = itemsById.get(id);
      if (!stored) return;
      itemsById.delete(id);
      record(stored.folderId, 'Delete', id);
    },
    setRead(id, isRead) {
      const stored = itemsById.get(id);
      if (!stored || stored.view.isRead === isRead) return;
      stored.view = { ...stored.view, isRead };
      record(stored.folderId, 'ReadFlagChange', id);
    },
    updateItem(id, changes) {
      const stored = itemsById.get(id);
      if (!stored) return;
      itemCounter += 1;
      stored.view = { ...stored.view, ...changes, changeKey: `CQAAABYAAAA${itemCounter}` };
      record(stored.folderId, 'Update', id);
    },
    items(folder) {
      const folderId = folderIdOf(folder);
      return [...itemsById.values()]
        .filter((i) => i.folderId === folderId)
        .map(({ view }) => ({ ...view, from: view.from, inReplyTo: view.inReplyTo }));
    },
    expireSubscriptions() {
      streaming.expireAll();
    },
    writeToStreams(text) {
      streaming.inject(text);
    },
    get openStreams() {
      return streaming.openStreams;
    },
    get openConnections() {
      return sockets.size;
    },
    async stop() {
      streaming.close();
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [https, ...(http ? [http] : [])].map(
          (s) => new Promise<void>((resolve) => s.close(() => resolve())),
        ),
      );
    },
  };
}

interface JournalEntry {
  seq: number;
  kind: 'Create' | 'Update' | 'Delete' | 'ReadFlagChange';
  id: string;
}

function readSyncState(text: string): { folder: string; seq: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as {
      f?: unknown;
      s?: unknown;
    };
    return typeof parsed.f === 'string' && typeof parsed.s === 'number'
      ? { folder: parsed.f, seq: parsed.s }
      : undefined;
  } catch {
    return undefined;
  }
}

function folderRef(value: string): { id: string } | { distinguished: string } {
  return DISTINGUISHED[value.toLowerCase()]
    ? { distinguished: value.toLowerCase() }
    : { id: value };
}

function viewOf(folder: EwsTestFolder | undefined): FolderView | undefined {
  return folder
    ? {
        id: folder.id,
        displayName: folder.displayName,
        totalCount: folder.totalCount ?? 0,
        unreadCount: 0,
      }
    : undefined;
}

function childDeep(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) {
    if (localName(child) === name) return child;
    const found = childDeep(child, name);
    if (found) return found;
  }
  return undefined;
}

function allDeep(element: XmlElement, name: string, found: XmlElement[] = []): XmlElement[] {
  for (const child of element.children) {
    if (localName(child) === name) found.push(child);
    allDeep(child, name, found);
  }
  return found;
}

function soap(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, { 'content-type': 'text/xml; charset=utf-8', 'x-powered-by': 'ASP.NET' })
    .end(body);
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location, 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="${location.replace(/"/g, '&quot;')}">here</a>.</h2></body></html>`,
  );
}

function page(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
}

function notFound(res: ServerResponse): void {
  page(
    res,
    404,
    '<!DOCTYPE html><html><head><title>404 - File or directory not found.</title></head><body><h2>404 - File or directory not found.</h2></body></html>',
  );
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Outlook on the web's forms-based sign-in page, reduced to what identifies it. */
const OWA_LOGON_PAGE =
  '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Outlook</title></head>' +
  '<body class="signInBg"><form action="/owa/auth.owa" method="POST" name="logonForm" autocomplete="off">' +
  '<input type="hidden" name="destination" value=""><input type="hidden" name="flags" value="4"><input type="hidden" name="forcedownlevel" value="0">' +
  '<div class="signInInputLabel">Domain\\user name:</div><input id="username" name="username" type="text">' +
  '<div class="signInInputLabel">Password:</div><input id="password" name="password" type="password">' +
  '<div class="signinbutton" role="button">sign in</div></form></body></html>';
