/** Props for a value typed exactly (a host, user name or address): no autofill, spell check or capital first letter. */
export const exactInput = {
  autoComplete: 'off',
  spellCheck: false,
  autoCapitalize: 'none',
} as const;

/** Props for a mailbox's password: masked and typed exactly; it is not the console's own, so never autofilled. */
export const mailboxPasswordInput = {
  type: 'password',
  autoComplete: 'off',
  spellCheck: false,
} as const;
