import { Alert } from '@inlet/ui';
import { useEffect, useRef, useState } from 'react';
import { useSubscription } from 'urql';
import { getFragmentData, graphql } from '@/gql';
import { accessChangeSentence, viewerDiffers, type ViewerSnapshot } from '@/lib/live-viewer-model';
import { useConsoleSession } from '@/lib/use-console-session';
import './live-viewer.css';

/** The viewer as the console reads it (ConsoleRoutes) and as viewerChanged pushes it: the two are compared. */
export const LiveViewer_ViewerFragment = graphql(`
  fragment LiveViewer_ViewerFragment on Viewer {
    canManageWorkspace
    user {
      id
      name
      email
      role
      seat
    }
  }
`);

const LiveViewer_Subscription = graphql(`
  subscription LiveViewer_Subscription {
    viewerChanged {
      ...LiveViewer_ViewerFragment
    }
  }
`);

export interface LiveViewerProps {
  /** The viewer the console shows. */
  viewer: ViewerSnapshot;
  /** Reads the viewer again from the gateway. */
  refetch(): void;
}

/**
 * Keeps the open console true to the viewer's access without a reload: viewerChanged pushes (a new
 * name, or the viewer as it is after the socket reconnects) and the gateway closing the socket for a
 * role or seat change or an ended session each make the console read the viewer again. A session that
 * ended reads as no viewer, and ConsoleRoutes goes to sign-in with the reason. Says what an admin
 * changed in a status line.
 */
export function LiveViewer({ viewer, refetch }: LiveViewerProps) {
  const session = useConsoleSession();
  const [{ data }] = useSubscription({ query: LiveViewer_Subscription });
  const pushed = getFragmentData(LiveViewer_ViewerFragment, data?.viewerChanged);
  const shown = useRef(viewer);
  shown.current = viewer;

  useEffect(() => {
    if (pushed && viewerDiffers(shown.current, pushed)) refetch();
  }, [pushed, refetch]);

  useEffect(() => session.onAccessEvent(() => refetch()), [session, refetch]);

  const [notice, setNotice] = useState('');
  const previous = useRef(viewer);
  useEffect(() => {
    const sentence = accessChangeSentence(previous.current, viewer);
    previous.current = viewer;
    if (sentence) setNotice(sentence);
  }, [viewer]);

  return (
    <div role="status" className="live-viewer">
      {notice && (
        <Alert tone="info" role="none" title="Your access changed">
          <p>{notice}</p>
        </Alert>
      )}
    </div>
  );
}
