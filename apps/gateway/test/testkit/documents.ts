import { graphql } from '../gql/index.js';

/**
 * Operations that several test files (and the benchmarks) run as setup or to watch the outcome. An
 * operation a test is about stays in that test, selecting what it asserts.
 */

/** Signs in; a refusal says why (`code`, `message`). */
export const SignIn = graphql(`
  mutation TestkitSignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      __typename
      ... on SignInFailed {
        code
        message
      }
    }
  }
`);

/** Who the request is: null when its session or token no longer counts. */
export const ViewerEmail = graphql(`
  query TestkitViewerEmail {
    viewer {
      user {
        email
      }
    }
  }
`);

export const CreateApiToken = graphql(`
  mutation TestkitCreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on ApiTokenCreated {
        secret
        token {
          id
        }
      }
    }
  }
`);

/** The audit entries of one action, newest first: their target and what they recorded after. */
export const AuditOfAction = graphql(`
  query TestkitAuditOfAction($action: String) {
    auditLog(action: $action) {
      edges {
        node {
          targetId
          after
        }
      }
    }
  }
`);

export const CreateDomainSettings = graphql(`
  mutation TestkitCreateDomainSettings($input: DomainSettingsInput!) {
    createDomainSettings(input: $input) {
      __typename
    }
  }
`);

/** connectImap with every outcome's fields, for the tests that look at refusals and failures. */
export const ConnectImap = graphql(`
  mutation TestkitConnectImap($input: ConnectImapInput!) {
    connectImap(input: $input) {
      __typename
      ... on Connection {
        id
        email
        provider
        status
        imapSettings {
          username
          sentFolder
          trustAnyCertificate
          smtpSameCredentials
          allowLegacyTls
        }
      }
      ... on ConnectionFailed {
        code
        message
        hint
        step
        field
      }
      ... on ConnectRefused {
        code
        message
        hint
      }
      ... on ValidationFailed {
        fields {
          field
        }
      }
    }
  }
`);

export const ConnectExchange = graphql(`
  mutation TestkitConnectExchange($input: ConnectExchangeInput!) {
    connectExchange(input: $input) {
      __typename
      ... on Connection {
        id
      }
    }
  }
`);

/** testDomainSettings with every step's detail and error. */
export const TestDomainSettings = graphql(`
  mutation TestkitTestDomainSettings($input: DomainSettingsInput!) {
    testDomainSettings(input: $input) {
      __typename
      ... on DomainSettingsTest {
        ok
        steps {
          server
          step
          status
          detail
          error {
            code
            message
            hint
            field
            suggestion
          }
        }
        warnings {
          field
          message
        }
      }
      ... on ValidationFailed {
        fields {
          field
          message
          suggestion
        }
      }
    }
  }
`);

export const Disconnect = graphql(`
  mutation TestkitDisconnect($id: ID!) {
    disconnect(id: $id) {
      __typename
    }
  }
`);

/** A connection's health as the console shows it: status, last error, folders. */
export const ConnectionHealth = graphql(`
  query TestkitConnectionHealth($id: ID!) {
    connection(id: $id) {
      status
      provider
      lastSyncedAt
      nextRetryAt
      retryAttempt
      resyncFrom
      connectionsInUse
      lastError {
        code
        count
      }
      folders {
        path
        role
        messageCount
        error {
          code
          hint
        }
      }
    }
  }
`);

export const MessageSynced = graphql(`
  subscription TestkitMessageSynced($connectionId: ID!) {
    messageSynced(connectionId: $connectionId) {
      subject
      from {
        address
      }
    }
  }
`);

export const SendEmail = graphql(`
  mutation TestkitSendEmail($input: SendEmailInput!) {
    sendEmail(input: $input) {
      __typename
      ... on OutboxEmail {
        id
        status
        messageId
      }
      ... on ValidationFailed {
        fields {
          field
        }
      }
      ... on SendingLimitReached {
        message
        retryAfter
      }
    }
  }
`);

export const Outbox = graphql(`
  query TestkitOutbox {
    outbox {
      id
      status
      attempts
      subject
      error {
        code
        hint
      }
      recipients {
        address
        status
        replyCode
        reply
      }
    }
  }
`);

/** Contacts matching `search`, each with its timeline (what was sent and replied). */
export const Contacts = graphql(`
  query TestkitContacts($search: String) {
    contacts(search: $search) {
      edges {
        node {
          email
          timeline {
            totalCount
            edges {
              node {
                type
                subject
                messageId
              }
            }
          }
        }
      }
    }
  }
`);

export const CreateSequence = graphql(`
  mutation TestkitCreateSequence($input: SequenceInput!) {
    createSequence(input: $input) {
      __typename
      ... on Sequence {
        id
        steps {
          position
        }
      }
      ... on ValidationFailed {
        fields {
          field
          message
        }
      }
    }
  }
`);

export const Enroll = graphql(`
  mutation TestkitEnroll($input: EnrollContactsInput!) {
    enrollContacts(input: $input) {
      __typename
      ... on EnrollmentBatch {
        enrolled {
          id
          contact {
            id
          }
        }
        refused {
          email
          code
        }
      }
      ... on ValidationFailed {
        fields {
          field
          message
        }
      }
    }
  }
`);

export const EnrollmentState = graphql(`
  query TestkitEnrollment($id: ID!) {
    enrollment(id: $id) {
      status
      pauseReason
      pauseDetail
      nextRunAt
      nextStep {
        position
      }
      timeline {
        type
        position
        messageId
        code
      }
    }
  }
`);
