import { Fragment } from 'react';
import { addressParts } from '@/lib/address-parts';

/**
 * An email address (or domain) that wraps only after its "@" or before a dot, never inside a word
 * or after a hyphen: on a phone a long address takes two lines instead of being cut mid-name.
 */
export function EmailAddress({ address, className }: { address: string; className?: string }) {
  return (
    <span className={className ? `email-address ${className}` : 'email-address'}>
      {addressParts(address).map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          <span className="email-address__part">{part}</span>
        </Fragment>
      ))}
    </span>
  );
}
