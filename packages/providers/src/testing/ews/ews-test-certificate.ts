import {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
} from '../self-signed-certificate.js';

export type EwsTestCertificate = SelfSignedCertificate;

/**
 * One self-signed certificate for every name the Exchange tests use (mail.corp.example,
 * autodiscover.corp.example, outlook.office365.com...), plus localhost and 127.0.0.1. The default
 * certificate of startEwsTestServer (localhost only) comes from testing/test-certificates.ts.
 */
export const createEwsTestCertificate = createSelfSignedCertificate;
