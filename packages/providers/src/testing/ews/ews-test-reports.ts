import type { EwsTestItem } from './ews-test-server.js';

export interface ReportedRecipient {
  address: string;
  action: 'failed' | 'delayed';
  /** The enhanced status code, e.g. 5.1.1. */
  status: string;
}

/**
 * The headers and body of a non-delivery report as Exchange sends it (multipart/report with a
 * message/delivery-status part, one block per recipient): spread into an item with its subject and from.
 */
export function nonDeliveryReport(
  recipients: readonly ReportedRecipient[],
): Required<Pick<EwsTestItem, 'headers' | 'body'>> {
  return {
    headers: [
      { name: 'Auto-Submitted', value: 'auto-replied' },
      {
        name: 'Content-Type',
        value: 'multipart/report; report-type=delivery-status; boundary="ndr"',
      },
    ],
    body: [
      '--ndr',
      'Content-Type: text/plain',
      '',
      'Delivery has failed to these recipients or groups.',
      '',
      '--ndr',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; exch01.corp.example',
      '',
      ...recipients.flatMap((r) => [
        `Final-Recipient: rfc822; ${r.address}`,
        `Action: ${r.action}`,
        `Status: ${r.status}`,
        '',
      ]),
      '--ndr--',
      '',
    ].join('\r\n'),
  };
}
