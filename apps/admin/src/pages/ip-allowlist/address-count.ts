export interface AddressCount {
  /** Plain text, for example "16 addresses" or "2^80 addresses". */
  text: string;
  /** For powers of two too large to read as a number: show 2 with this superscript. */
  exponent?: number;
  /** The same, in words a screen reader reads well. */
  spoken: string;
  /** "address" or "addresses", to follow a superscript. */
  noun: string;
}

// Up to an IPv4 /0 a grouped number is still readable; IPv6 ranges beyond it read better as 2^n.
const READABLE_LIMIT = 2n ** 32n;

/** How many addresses an entry covers, from the API's decimal string. */
export function describeAddressCount(decimal: string, locale?: string): AddressCount {
  let count: bigint;
  try {
    count = BigInt(decimal);
  } catch {
    return { text: `${decimal} addresses`, spoken: `${decimal} addresses`, noun: 'addresses' };
  }
  const noun = count === 1n ? 'address' : 'addresses';
  if (count <= READABLE_LIMIT) {
    const text = `${new Intl.NumberFormat(locale).format(count)} ${noun}`;
    return { text, spoken: text, noun };
  }
  if ((count & (count - 1n)) === 0n) {
    const exponent = count.toString(2).length - 1;
    return {
      text: `2^${exponent} ${noun}`,
      exponent,
      spoken: `2 to the power of ${exponent} ${noun}`,
      noun,
    };
  }
  // Not a CIDR size; still say something readable.
  const digits = count.toString();
  const text = `about ${digits[0]}.${digits.slice(1, 3)} × 10^${digits.length - 1} ${noun}`;
  return { text, spoken: text, noun };
}
