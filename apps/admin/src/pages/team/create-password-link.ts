import { graphql } from '@/gql';

/** A one-time link a colleague sets their own password with: made after adding them, or from their row. */
export const CreatePasswordLinkMutation = graphql(`
  mutation Team_CreatePasswordLinkMutation($userId: ID!) {
    createPasswordLink(userId: $userId) {
      __typename
      ... on PasswordLink {
        secret
        expiresAt
      }
      ... on Error {
        message
      }
    }
  }
`);
