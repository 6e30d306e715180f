import { Badge, Button } from '@inlet/ui';
import { useEffect, useRef, type ReactNode } from 'react';
import { useMutation } from 'urql';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { resetSession } from '@/lib/console-session';
import { confirmLeave } from '@/lib/leave-guard';
import { roleLabels, seatLabels } from '@/lib/user-labels';
import { pageHeading } from '@/lib/page-heading';
import { navItemFor, navItems, pageTitle, paths } from '@/lib/routes';
import { useDocumentTitle } from '@/lib/use-document-title';
import { navigate } from '@/lib/use-route';
import { BrandMark } from './brand-mark';
import { Link } from './link';

export const AppShell_UserFragment = graphql(`
  fragment AppShell_UserFragment on User {
    name
    email
    role
    seat
  }
`);

const AppShell_SignOutMutation = graphql(`
  mutation AppShell_SignOutMutation {
    signOut
  }
`);

export interface AppShellProps {
  user: FragmentType<typeof AppShell_UserFragment>;
  canManageWorkspace: boolean;
  path: string;
  children: ReactNode;
}

export function AppShell({ user: userRef, canManageWorkspace, path, children }: AppShellProps) {
  const user = getFragmentData(AppShell_UserFragment, userRef);
  const [{ fetching: signingOut }, signOut] = useMutation(AppShell_SignOutMutation);
  const items = navItems.filter(
    (item) =>
      (canManageWorkspace || !item.adminOnly) &&
      (user.role === 'SUPER_ADMIN' || !item.superAdminOnly),
  );
  const currentItem = navItemFor(path);
  useDocumentTitle(pageTitle(path));

  // After client-side navigation, move focus to the new page's heading so screen readers announce it.
  const firstPath = useRef(path);
  useEffect(() => {
    if (path === firstPath.current) return;
    firstPath.current = '';
    pageHeading()?.focus();
  }, [path]);

  const onSignOut = async () => {
    // Signing out leaves the page: anything typed and not saved is asked about first.
    if (!confirmLeave()) return;
    await signOut({});
    navigate(paths.signIn, { ask: false });
    resetSession();
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <Link to="/" className="brand" aria-label="Inlet home">
          <BrandMark />
          <span className="brand__name">Inlet</span>
        </Link>
        <div className="shell__user">
          <div className="shell__user-text">
            <span className="shell__user-name">{user.name}</span>
            <span className="shell__user-email">{user.email}</span>
          </div>
          <Badge tone={user.role === 'USER' ? 'neutral' : 'info'}>{roleLabels[user.role]}</Badge>
          <Badge tone={user.seat === 'FULL' ? 'neutral' : 'warning'}>
            {seatLabels[user.seat]} seat
          </Badge>
          <Button size="sm" variant="ghost" busy={signingOut} onClick={() => void onSignOut()}>
            Sign out
          </Button>
        </div>
      </header>
      <nav className="shell__nav" aria-label="Main">
        <ul>
          {items.map((item) => (
            <li key={item.path}>
              <Link
                to={item.path}
                className="nav-link"
                aria-current={
                  item === currentItem ? (item.path === path ? 'page' : 'true') : undefined
                }
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
