import { useQuery } from 'urql';
import { graphql } from '@/gql';
import type { ProviderKind, VerificationStep } from '@/gql/graphql';

const UseProviderSteps_Query = graphql(`
  query UseProviderSteps_Query {
    providers {
      kind
      steps
    }
  }
`);

/**
 * The steps of a kind's connection check, in order, as the gateway runs them (its provider module's,
 * then SAVE): the checklist's rows. Null until they are loaded. One query for every form (urql's cache).
 */
export function useProviderSteps(kind: ProviderKind) {
  const [{ data, error }, reexecute] = useQuery({ query: UseProviderSteps_Query });
  const steps: readonly VerificationStep[] | null =
    data?.providers.find((p) => p.kind === kind)?.steps ?? null;
  return { steps, error: steps ? undefined : error, reexecute };
}

/** Starts loading the steps before a form needs them (the connect page, while the address is typed). */
export function usePreloadProviderSteps(): void {
  useQuery({ query: UseProviderSteps_Query });
}
