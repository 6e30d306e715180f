/**
 * An email address or domain cut where a line may break without splitting a word: after the "@"
 * and before each dot ("ada.lovelace@", "mail", ".example", ".com" for ada.lovelace@mail.example.com
 * gives "ada", ".lovelace@", "mail", ".example", ".com"). Joined, the parts are the address again.
 */
export function addressParts(address: string): string[] {
  return address.split(/(?<=@)|(?=\.)/).filter((part) => part !== '');
}
