import type { EwsClient } from './ews-client.js';
import { EwsCallError } from './ews-errors.js';
import {
  getFolders,
  getInboxRules,
  type EwsFolder,
  type FolderLookup,
  type FolderRef,
  type InboxRule,
} from './ews-operations.js';

/** A folder an inbox rule files mail into, synced along with Inbox and Sent Items. */
export interface RuleFolder extends EwsFolder {
  /** Display names of the enabled rules that move or copy mail here. */
  rules: string[];
}

export interface FoldersToSync {
  inbox: EwsFolder;
  sent: EwsFolder;
  ruleFolders: RuleFolder[];
  /** Rule targets that no longer exist (deleted folders) or could not be opened: not synced. */
  unavailable: Array<{ ref: FolderRef; rules: string[]; responseCode: string }>;
  /** Whether the rules could be read; when not, only Inbox and Sent Items are synced. */
  rules: { listed: true; count: number } | { listed: false; reason: string };
}

// Rules that move mail to Deleted Items or Junk Email delete or file spam: nothing to sync there.
// Inbox and Sent Items are synced anyway.
const NOT_RULE_FOLDERS = new Set(['inbox', 'sentitems', 'deleteditems', 'junkemail']);

/**
 * The folders to sync for a mailbox: Inbox, Sent Items and every folder an enabled inbox rule moves
 * or copies mail to (GetInboxRules, then GetFolder for their names). A sync loop calls this again
 * from time to time to pick up new rules and drop deleted folders, without reconnecting.
 *
 * @throws EwsCallError / HttpFailure / ProviderError when Inbox or Sent Items cannot be read;
 *   a failure to read the rules only leaves `rules.listed` false.
 */
export async function listFoldersToSync(
  client: EwsClient,
  mailbox: string,
  signal: AbortSignal,
): Promise<FoldersToSync> {
  const [inboxLookup, sentLookup] = await getFolders(
    client,
    [{ distinguished: 'inbox' }, { distinguished: 'sentitems' }],
    signal,
  );
  const inbox = required(inboxLookup);
  const sent = required(sentLookup);

  let rules: InboxRule[];
  try {
    rules = await getInboxRules(client, mailbox, signal);
  } catch (err) {
    // Reading rules can be denied (ErrorAccessDenied) or unsupported by a proxy: the mailbox still syncs.
    if (err instanceof EwsCallError && (err.kind === 'response' || err.kind === 'fault')) {
      return {
        inbox,
        sent,
        ruleFolders: [],
        unavailable: [],
        rules: { listed: false, reason: err.describe() },
      };
    }
    throw err;
  }

  const targets = ruleTargets(rules);
  const lookups = await getFolders(
    client,
    targets.map((t) => t.ref),
    signal,
  );
  const known = new Set([inbox.id, sent.id]);
  const ruleFolders: RuleFolder[] = [];
  const unavailable: FoldersToSync['unavailable'] = [];
  lookups.forEach((lookup, i) => {
    const target = targets[i]!;
    if (!lookup.ok) {
      unavailable.push({ ref: target.ref, rules: target.rules, responseCode: lookup.responseCode });
      return;
    }
    const existing = ruleFolders.find((f) => f.id === lookup.folder.id);
    if (existing) existing.rules.push(...target.rules.filter((r) => !existing.rules.includes(r)));
    else if (!known.has(lookup.folder.id))
      ruleFolders.push({ ...lookup.folder, rules: [...target.rules] });
  });
  return { inbox, sent, ruleFolders, unavailable, rules: { listed: true, count: rules.length } };
}

/** The distinct folders enabled rules move or copy mail to, each with the rules that target it. */
export function ruleTargets(
  rules: readonly InboxRule[],
): Array<{ ref: FolderRef; rules: string[] }> {
  const targets: Array<{ key: string; ref: FolderRef; rules: string[] }> = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const { ref } of rule.targets) {
      if ('distinguished' in ref && NOT_RULE_FOLDERS.has(ref.distinguished.toLowerCase())) continue;
      const key = 'id' in ref ? `id:${ref.id}` : `dist:${ref.distinguished.toLowerCase()}`;
      const name = rule.displayName ?? rule.id ?? 'rule';
      const existing = targets.find((t) => t.key === key);
      if (existing) {
        if (!existing.rules.includes(name)) existing.rules.push(name);
      } else {
        targets.push({ key, ref, rules: [name] });
      }
    }
  }
  return targets.map(({ ref, rules: names }) => ({ ref, rules: names }));
}

function required(lookup: FolderLookup | undefined): EwsFolder {
  if (lookup?.ok) return lookup.folder;
  throw new EwsCallError(
    'response',
    'GetFolder',
    200,
    lookup?.responseCode ?? 'ErrorNoResponse',
    lookup?.message ?? 'The server sent no answer for this folder.',
  );
}
