import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEwsTestCertificate } from '../testing/ews/ews-test-certificate.js';
import { ExchangeTestNetwork } from '../testing/ews/exchange-test-network.js';
import {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestRule,
  type EwsTestServer,
} from '../testing/ews/ews-test-server.js';
import { startAll, stopAll, type Stoppable } from '../testing/start-all.js';
import { createEwsClient } from './ews-client.js';
import { listFoldersToSync, ruleTargets } from './inbox-rule-folders.js';
import { verifyExchangeAccount } from './verify-exchange-account.js';

const folders = [
  { id: 'AAMkFolderProjects', displayName: 'Projects', totalCount: 40 },
  { id: 'AAMkFolderNewsletters', displayName: 'Newsletters', totalCount: 7 },
  { id: 'AAMkFolderArchive', displayName: 'Archive', totalCount: 900 },
];

const rules: EwsTestRule[] = [
  { id: 'r1', displayName: 'Projects to folder', moveToFolder: 'AAMkFolderProjects' },
  { id: 'r2', displayName: 'Copy newsletters', copyToFolder: 'AAMkFolderNewsletters' },
  {
    id: 'r3',
    displayName: 'Old archive rule (off)',
    enabled: false,
    moveToFolder: 'AAMkFolderArchive',
  },
  { id: 'r4', displayName: 'Delete spam', moveToFolder: 'deleteditems' },
  { id: 'r5', displayName: 'Also projects', moveToFolder: 'AAMkFolderProjects' },
  { id: 'r6', displayName: 'Folder was deleted', moveToFolder: 'AAMkFolderGone' },
];

const started: Stoppable[] = [];
let net: ExchangeTestNetwork;
let s: { rules: EwsTestServer; deniedRules: EwsTestServer };

beforeAll(async () => {
  const certificate = await createEwsTestCertificate([
    'rules.corp.example',
    'norules.corp.example',
  ]);
  s = await startAll(
    {
      rules: startEwsTestServer({ certificate, folders, inboxRules: rules }),
      deniedRules: startEwsTestServer({
        certificate,
        folders,
        inboxRules: rules,
        faults: { GetInboxRules: { code: 'ErrorAccessDenied', as: 'response' } },
      }),
    },
    started,
  );
  net = (await ExchangeTestNetwork.create())
    .add(s.rules, ['rules.corp.example'])
    .add(s.deniedRules, ['norules.corp.example']);
}, 30_000);

afterAll(() => stopAll(started), 30_000);

const input = (host: string) => ({
  email: 'jane@corp.example',
  password: TEST_EXCHANGE_ACCOUNT.password,
  exchangeUrl: host,
});

describe('folders targeted by inbox rules', () => {
  it('are returned by the check along with Inbox and Sent Items, with their display names', async () => {
    const result = await verifyExchangeAccount(input('rules.corp.example'), net.deps());
    expect(result.ok, result.ok ? '' : result.error.detail).toBe(true);
    if (!result.ok) return;
    const { folders: found } = result.value;
    expect(found.inbox.displayName).toBe('Inbox');
    expect(found.sent.displayName).toBe('Sent Items');
    expect(found.ruleFolders.map((f) => [f.displayName, f.id, f.rules])).toEqual([
      ['Projects', 'AAMkFolderProjects', ['Projects to folder', 'Also projects']],
      ['Newsletters', 'AAMkFolderNewsletters', ['Copy newsletters']],
    ]);
    expect(found.unavailable).toEqual([
      {
        ref: { id: 'AAMkFolderGone' },
        rules: ['Folder was deleted'],
        responseCode: 'ErrorItemNotFound',
      },
    ]);
    expect(found.rules).toEqual({ listed: true, count: 6 });
  });

  it('are recomputed without reconnecting: new rules are picked up, deleted folders dropped', async () => {
    const result = await verifyExchangeAccount(input('rules.corp.example'), net.deps());
    if (!result.ok) throw result.error;
    // What a sync loop stores and reuses: URL, scheme, the user name form that worked.
    const client = createEwsClient(
      {
        url: result.value.ewsUrl,
        scheme: result.value.auth.scheme,
        username: result.value.auth.username,
        password: TEST_EXCHANGE_ACCOUNT.password,
      },
      net.deps(),
    );
    s.rules.setInboxRules([
      ...rules,
      { id: 'r7', displayName: 'Archive invoices', moveToFolder: 'AAMkFolderArchive' },
    ]);
    s.rules.removeFolder('AAMkFolderProjects');
    try {
      const again = await listFoldersToSync(
        client,
        result.value.smtpAddress,
        AbortSignal.timeout(10_000),
      );
      expect(again.ruleFolders.map((f) => f.displayName)).toEqual(['Newsletters', 'Archive']);
      expect(again.unavailable.map((u) => 'id' in u.ref && u.ref.id)).toEqual([
        'AAMkFolderProjects',
        'AAMkFolderGone',
      ]);
    } finally {
      s.rules.setInboxRules(rules);
    }
  });

  it('do not fail the check when the rules cannot be read: only Inbox and Sent Items sync', async () => {
    const result = await verifyExchangeAccount(input('norules.corp.example'), net.deps());
    expect(result.ok && result.value.folders.rules).toEqual({
      listed: false,
      reason: expect.stringContaining('ErrorAccessDenied'),
    });
    expect(result.ok && result.value.folders.ruleFolders).toEqual([]);
  });

  it('ruleTargets keeps enabled rules, merges duplicates and skips Deleted Items and Junk Email', () => {
    const targets = ruleTargets([
      {
        id: '1',
        displayName: 'A',
        enabled: true,
        targets: [{ action: 'MoveToFolder', ref: { id: 'X' } }],
      },
      {
        id: '2',
        displayName: 'B',
        enabled: true,
        targets: [
          { action: 'CopyToFolder', ref: { id: 'X' } },
          { action: 'MoveToFolder', ref: { distinguished: 'junkemail' } },
        ],
      },
      {
        id: '3',
        displayName: 'C',
        enabled: false,
        targets: [{ action: 'MoveToFolder', ref: { id: 'Y' } }],
      },
      {
        id: '4',
        displayName: 'D',
        enabled: true,
        targets: [{ action: 'MoveToFolder', ref: { distinguished: 'drafts' } }],
      },
    ]);
    expect(targets).toEqual([
      { ref: { id: 'X' }, rules: ['A', 'B'] },
      { ref: { distinguished: 'drafts' }, rules: ['D'] },
    ]);
  });
});
