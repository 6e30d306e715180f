import { Badge, Button } from '@inlet/ui';
import { useState } from 'react';
import { useMutation } from 'urql';
import { RelativeTime } from '@/components/relative-time';
import { graphql } from '@/gql';
import type { MyAccountPage_QueryQuery } from '@/gql/graphql';
import { describeError } from '@/lib/urql';
import { describeUserAgent } from '@/lib/user-agent';
import { TableHead } from '@/components/table-head';

const SessionsCard_RevokeMutation = graphql(`
  mutation SessionsCard_RevokeMutation($id: ID!) {
    revokeSession(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

const SessionsCard_SignOutElsewhereMutation = graphql(`
  mutation SessionsCard_SignOutElsewhereMutation {
    signOutElsewhere {
      sessionsEnded
    }
  }
`);

type Session = MyAccountPage_QueryQuery['mySessions'][number];

export interface SessionsCardProps {
  sessions: readonly Session[];
  onChanged(status: string): void;
}

/** The browsers signed in as the viewer: end one, or every one but this. */
export function SessionsCard({ sessions, onChanged }: SessionsCardProps) {
  const [{ fetching: revoking }, revoke] = useMutation(SessionsCard_RevokeMutation);
  const [{ fetching: endingOthers }, signOutElsewhere] = useMutation(
    SessionsCard_SignOutElsewhereMutation,
  );
  const [problem, setProblem] = useState<string | null>(null);
  const others = sessions.filter((s) => !s.current).length;

  const onRevoke = async (session: Session, label: string) => {
    setProblem(null);
    const result = await revoke({ id: session.id });
    const outcome = result.data?.revokeSession;
    if (outcome?.__typename === 'Session') onChanged(`Signed out ${label}.`);
    else setProblem(outcome?.message ?? (result.error ? describeError(result.error) : null));
  };

  const onSignOutElsewhere = async () => {
    setProblem(null);
    const result = await signOutElsewhere({});
    const ended = result.data?.signOutElsewhere.sessionsEnded;
    if (ended !== undefined)
      onChanged(
        ended === 1 ? 'Signed out 1 other session.' : `Signed out ${ended} other sessions.`,
      );
    else if (result.error) setProblem(describeError(result.error));
  };

  return (
    <section className="card" aria-labelledby="my-account-sessions">
      <div className="settings-form account-card account-card__intro">
        <h2 id="my-account-sessions" className="section-title">
          Where you are signed in
        </h2>
        <p className="muted">
          Each browser you signed in with. Sign out one you do not recognise, then change your
          password.
        </p>
      </div>
      <table className="data-table">
        <TableHead columns={['Browser', 'Signed in', 'Last used']} hiddenLast="Actions" />
        <tbody>
          {sessions.map((session) => {
            const label = describeUserAgent(session.userAgent) ?? 'Unknown browser';
            return (
              <tr key={session.id}>
                <th scope="row" title={session.userAgent ?? undefined}>
                  {label} {session.current && <Badge tone="success">This browser</Badge>}
                </th>
                <td>
                  <RelativeTime dateTime={session.createdAt} />
                </td>
                <td>
                  {session.current ? (
                    'Now'
                  ) : session.lastUsedAt ? (
                    <RelativeTime dateTime={session.lastUsedAt} />
                  ) : (
                    'Not since signing in'
                  )}
                </td>
                <td>
                  {!session.current && (
                    <Button
                      size="sm"
                      variant="ghost"
                      busy={revoking}
                      aria-label={`Sign out ${label}, signed in ${new Date(session.createdAt).toLocaleString()}`}
                      onClick={() => void onRevoke(session, label)}
                    >
                      Sign out
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="table-footer">
        {problem && <span role="alert">{problem}</span>}
        <Button
          size="sm"
          disabled={others === 0}
          busy={endingOthers}
          onClick={() => void onSignOutElsewhere()}
        >
          Sign out everywhere else
        </Button>
        {others === 0 && <span className="muted">You are signed in only here.</span>}
      </div>
    </section>
  );
}
