import { Badge } from '@inlet/ui';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { folderRoleLabels } from '@/lib/connection-labels';
import { RelativeTime } from './relative-time';

export const FolderList_FolderFragment = graphql(`
  fragment FolderList_FolderFragment on FolderStatus {
    path
    role
    messageCount
    lastSyncedAt
    error {
      code
    }
  }
`);

/** A folder's state in a word: OK while it syncs, "Not syncing" with an error (FolderProblems says why). */
export function FolderStateBadge({ failing }: { failing: boolean }) {
  return failing ? <Badge tone="warning">Not syncing</Badge> : <Badge tone="success">OK</Badge>;
}

export interface FolderListProps {
  email: string;
  folders: readonly FragmentType<typeof FolderList_FolderFragment>[];
  /** `list`: one line per folder, for a card that has no room for a table. */
  layout?: 'table' | 'list';
}

/** The synced folders of a connection, with their role, count, last sync and state. */
export function FolderList({ email, folders: folderRefs, layout = 'table' }: FolderListProps) {
  const folders = folderRefs.map((ref) => getFragmentData(FolderList_FolderFragment, ref));
  if (folders.length === 0) return <p className="muted">No folder has been synced yet.</p>;
  if (layout === 'list') {
    return (
      <ul className="folder-list" aria-label={`Synced folders of ${email}`}>
        {folders.map((folder) => (
          <li key={folder.path} className="folder-list__item">
            <code>{folder.path}</code>
            <span className="muted">
              {folderRoleLabels[folder.role]}, {folder.messageCount.toLocaleString()}{' '}
              {folder.messageCount === 1 ? 'message' : 'messages'}
            </span>
            <FolderStateBadge failing={folder.error !== null} />
          </li>
        ))}
      </ul>
    );
  }
  return (
    <table className="data-table health-folders">
      <caption className="ui-visually-hidden">Synced folders of {email}</caption>
      <thead>
        <tr>
          <th scope="col">Folder</th>
          <th scope="col">Role</th>
          <th scope="col" className="health-folders__count">
            Messages
          </th>
          <th scope="col">Last synced</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {folders.map((folder) => (
          <tr key={folder.path}>
            <th scope="row">
              <code>{folder.path}</code>
            </th>
            <td>{folderRoleLabels[folder.role]}</td>
            <td className="health-folders__count">{folder.messageCount.toLocaleString()}</td>
            <td className="data-table__updated">
              {folder.lastSyncedAt ? <RelativeTime dateTime={folder.lastSyncedAt} /> : 'Not yet'}
            </td>
            <td>
              <FolderStateBadge failing={folder.error !== null} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
