import { Alert, Button } from '@inlet/ui';
import type { LoadMore } from '@/lib/use-load-more';
import { describeError } from '@/lib/urql';

export interface LoadMoreFooterProps {
  more: Pick<LoadMore<unknown>, 'nodes' | 'hasNextPage' | 'loadingMore' | 'loadMore' | 'error'>;
  totalCount: number;
  /** What the list holds, plural: "entries", "contacts". */
  noun: string;
}

/** Under a "Load more" table: how many of how many are shown, the button, and why a page failed. */
export function LoadMoreFooter({ more, totalCount, noun }: LoadMoreFooterProps) {
  return (
    <>
      <div className="table-footer">
        <span className="muted" role="status">
          {more.nodes.length} of {Math.max(totalCount, more.nodes.length)} {noun}
        </span>
        {more.hasNextPage && (
          <Button size="sm" busy={more.loadingMore} onClick={() => void more.loadMore()}>
            Load more
          </Button>
        )}
      </div>
      {more.error && (
        <Alert tone="danger" title={`More ${noun} could not be loaded`} className="table-alert">
          {describeError(more.error)}
        </Alert>
      )}
    </>
  );
}
