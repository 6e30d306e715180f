import { useMutation } from 'urql';
import { graphql } from '@/gql';
import { describeError } from '@/lib/urql';

const CheckConnectionNow_Mutation = graphql(`
  mutation CheckConnectionNow_Mutation($id: ID!) {
    checkConnectionNow(id: $id) {
      ... on Connection {
        id
        updatedAt
        lastCheck {
          state
          ...CheckNowResult_CheckFragment
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export interface CheckNowOutcome {
  ok: boolean;
  /** A sentence for a status region. */
  message: string;
}

/** "Check now": asks the gateway to sync a connection at once (a connection waiting to retry retries now). */
export function useCheckConnectionNow(): [
  busy: boolean,
  checkNow: (id: string, email: string) => Promise<CheckNowOutcome>,
] {
  const [{ fetching }, run] = useMutation(CheckConnectionNow_Mutation);
  const checkNow = async (id: string, email: string): Promise<CheckNowOutcome> => {
    const result = await run({ id });
    const outcome = result.data?.checkConnectionNow;
    if (outcome?.__typename === 'Connection') {
      // The connection's lastCheck says the rest (running, then the result), pushed to every console.
      return { ok: true, message: `Checking ${email} now.` };
    }
    if (outcome?.__typename === 'NotFound')
      return { ok: false, message: `${email} is not connected any more.` };
    return {
      ok: false,
      message: result.error
        ? describeError(result.error)
        : 'The check could not be started. Try again.',
    };
  };
  return [fetching, checkNow];
}
