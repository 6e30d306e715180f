import { createContext, useContext } from 'react';
import type { Role, Seat } from '@/gql/graphql';

/** What the signed-in user may do, as the console last heard it (kept live by useLiveViewer). */
export interface ViewerAccess {
  id: string;
  role: Role;
  seat: Seat;
  canManageWorkspace: boolean;
}

export const ViewerAccessContext = createContext<ViewerAccess | null>(null);

/** The signed-in viewer's access; pages under ConsoleRoutes only. */
export function useViewerAccess(): ViewerAccess {
  const access = useContext(ViewerAccessContext);
  if (!access) throw new Error('useViewerAccess() outside the signed-in console');
  return access;
}

/** A view-only seat may look, not connect or send: the console says so where the action would be. */
export function isViewOnly(access: ViewerAccess): boolean {
  return access.seat === 'VIEW_ONLY';
}
