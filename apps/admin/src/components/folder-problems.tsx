import { Alert } from '@inlet/ui';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { ConnectionErrorNote } from './connection-error-note';

export const FolderProblems_FolderFragment = graphql(`
  fragment FolderProblems_FolderFragment on FolderStatus {
    path
    error {
      message
      ...ConnectionErrorNote_ErrorFragment
    }
  }
`);

/**
 * Folders that do not sync while the connection itself is fine: without this, a CONNECTED badge would
 * hide mail that is silently missing. Renders nothing when every folder syncs.
 */
export function FolderProblems({
  folders: folderRefs,
}: {
  folders: readonly FragmentType<typeof FolderProblems_FolderFragment>[];
}) {
  const failing = folderRefs
    .map((ref) => getFragmentData(FolderProblems_FolderFragment, ref))
    .filter((f) => f.error);
  if (failing.length === 0) return null;
  const title =
    failing.length === 1
      ? `The folder ${failing[0]!.path} is not syncing`
      : `${failing.length} folders are not syncing`;
  return (
    <Alert tone="warning" role="none" title={title}>
      <ul className="folder-problems">
        {failing.map((folder) => (
          <li key={folder.path}>
            {failing.length > 1 && <code>{folder.path}</code>}
            <ConnectionErrorNote error={folder.error!} />
          </li>
        ))}
      </ul>
    </Alert>
  );
}
