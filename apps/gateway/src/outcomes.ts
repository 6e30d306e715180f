/**
 * The gateway's own outcome codes, a catalogue like the providers' error catalogue: what a person reads
 * (message) and what to do (hint). Words that name the case (the address, the provider) are functions
 * of typed parameters. Modules refuse with them; the outbox stores SEND_INTERRUPTED by code only.
 */

type Words<P> = string | ((params: P) => string);

interface OutcomeFacts<P> {
  message: Words<P>;
  hint: Words<P>;
}

const oauthName: Record<'GMAIL' | 'MICROSOFT_365', string> = {
  GMAIL: 'Google',
  MICROSOFT_365: 'Microsoft',
};

export const gatewayOutcomes = {
  VIEW_ONLY_SEAT: {
    message: (p: { cannot: 'connect an inbox' | 'send email' }) =>
      `Your seat is view-only, so you cannot ${p.cannot}.`,
    hint: 'Ask an admin to give you a full seat.',
  },
  ALREADY_CONNECTED: {
    // Whose it is is told to admins only: anyone else could otherwise map which addresses other users connected.
    message: (p: { email: string; mine: boolean; owner: string | null }) =>
      p.mine
        ? `${p.email} is already connected.`
        : p.owner
          ? `${p.email} is already connected by ${p.owner}.`
          : `${p.email} cannot be connected: it is already in use in Inlet.`,
    hint: (p: { mine: boolean }) =>
      p.mine
        ? 'Open My email to see its status or reconnect it.'
        : 'An address can be connected once. Ask an admin if it should be yours.',
  },
  RATE_LIMITED: {
    message: 'Too many connection attempts in a short time.',
    hint: 'Wait a few minutes, then try again.',
  },
  USE_OAUTH: {
    // The console still reads the provider's name here (Google / Microsoft) until it uses ConnectRefused.provider.
    message: (p: { email: string; provider: 'GMAIL' | 'MICROSOFT_365' }) =>
      `${p.email} is a ${oauthName[p.provider]} mailbox: connect it with ${oauthName[p.provider]} instead of a password.`,
    hint: (p: { provider: 'GMAIL' | 'MICROSOFT_365' }) =>
      `Choose "Connect with ${oauthName[p.provider]}": such mailboxes connect through ${oauthName[p.provider]} sign-in, never with a password.`,
  },
  UNSUPPORTED_PROVIDER: {
    message: (p: { reason: string }) => p.reason,
    hint: 'Use another mailbox, or ask your administrator.',
  },
  OAUTH_NOT_CONFIGURED: {
    message: (p: { displayName: string }) =>
      `Connecting with ${p.displayName} is not set up in this Inlet yet.`,
    hint: (p: { displayName: string }) =>
      `Ask your Inlet administrator to add the ${p.displayName} OAuth app (client ID and secret).`,
  },
  SEND_INTERRUPTED: {
    message: 'Inlet stopped while this email was being sent, so it may or may not have gone out.',
    hint: 'Check the recipient or your Sent folder before sending it again.',
  },
  SENDER_CANNOT_SEND: {
    message:
      'Not sent: after this email was queued, its sender was given a view-only seat or was deactivated.',
    hint: 'An admin can give the sender a full seat (or reactivate them) on the Team page; then send it again.',
  },
  CHECK_UNANSWERED: {
    message:
      'The check did not finish: the part of Inlet that syncs this inbox did not report back.',
    hint: 'Try Check now again. If it keeps happening, ask your administrator to check that Inlet is syncing.',
  },
  USER_DEACTIVATED: {
    message: 'Its owner was deactivated, so this inbox no longer syncs.',
    hint: 'An admin can reactivate the user on the Team page; nothing was deleted.',
  },
  NOT_FOUND: {
    message: (p: { what: string }) => `${p.what} was not found.`,
    hint: 'It may have been removed meanwhile. Reload the page to see what is there now.',
  },
} as const satisfies Record<string, OutcomeFacts<never>>;

export type OutcomeCode = keyof typeof gatewayOutcomes;

/** The outcomes ConnectRefused carries: the GraphQL ConnectRefusalCode enum (schema-enums.ts checks they match). */
export type ConnectRefusalCode = Extract<
  OutcomeCode,
  | 'VIEW_ONLY_SEAT'
  | 'ALREADY_CONNECTED'
  | 'RATE_LIMITED'
  | 'USE_OAUTH'
  | 'UNSUPPORTED_PROVIDER'
  | 'OAUTH_NOT_CONFIGURED'
>;

type ParamsOf<W> = W extends (params: infer P) => string ? P : unknown;

/** The parameters an outcome's words need (none for fixed words). */
export type OutcomeParams<C extends OutcomeCode> = ParamsOf<
  (typeof gatewayOutcomes)[C]['message']
> &
  ParamsOf<(typeof gatewayOutcomes)[C]['hint']>;

type ParamsArg<C extends OutcomeCode> =
  unknown extends OutcomeParams<C> ? [] : [params: OutcomeParams<C>];

/** Codes whose words need no parameters: the only gateway outcomes a stored error may carry. */
export type FixedOutcomeCode = {
  [C in OutcomeCode]: unknown extends OutcomeParams<C> ? C : never;
}[OutcomeCode];

/** The message and hint of an outcome. */
export function outcomeWords<C extends OutcomeCode>(
  code: C,
  ...[params]: ParamsArg<C>
): { message: string; hint: string } {
  const facts = gatewayOutcomes[code] as OutcomeFacts<unknown>;
  const say = (words: Words<unknown>) => (typeof words === 'function' ? words(params) : words);
  return { message: say(facts.message), hint: say(facts.hint) };
}
