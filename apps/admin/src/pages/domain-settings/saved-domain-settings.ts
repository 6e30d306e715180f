import { graphql } from '@/gql';

/** Saved domain settings as the list shows them and the form edits them (SavedDomainSettings). */
export const SavedDomainSettings_Fragment = graphql(`
  fragment SavedDomainSettings_Fragment on DomainSettings {
    domain
    kind
    imap {
      imapHost
      imapPort
      imapSecurity
      smtpHost
      smtpPort
      smtpSecurity
      allowInsecureCertificate
      allowLegacyTls
    }
    exchange {
      exchangeUrl
      usage
    }
  }
`);
