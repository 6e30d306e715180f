import type { ProviderKind } from '@inlet/providers';
import type { GatewayServices } from '../../gateway-services.js';
import { outcomeWords, type ConnectRefusalCode, type OutcomeParams } from '../../outcomes.js';
import { findConnectionOwner } from '../../mail/connections.js';
import { canManageWorkspace, type ViewerModel } from '../identity/viewer.js';

export interface Refusal {
  __typename: 'ConnectRefused';
  code: ConnectRefusalCode;
  refusalCode: ConnectRefusalCode;
  message: string;
  hint: string;
  /** USE_OAUTH: the kind whose sign-in connects this mailbox. */
  provider: ProviderKind | null;
}

type RefusalArgs<C extends ConnectRefusalCode> =
  unknown extends OutcomeParams<C> ? [] : [params: OutcomeParams<C>];

/** A ConnectRefused in the catalogue's words (gateway outcomes). */
export function refused<C extends ConnectRefusalCode>(code: C, ...args: RefusalArgs<C>): Refusal {
  const params: unknown = args[0];
  const provider =
    typeof params === 'object' && params !== null && 'provider' in params
      ? (params.provider as ProviderKind)
      : null;
  return {
    __typename: 'ConnectRefused',
    code,
    refusalCode: code,
    ...outcomeWords(code, ...(args as never)),
    provider,
  };
}

/**
 * Checks every connect flow makes before any network work: a full seat, an address not yet connected
 * (by anyone, personal or team), and the per-user rate of connection checks.
 */
export async function commonRefusal(
  services: GatewayServices,
  viewer: ViewerModel,
  email: string,
  reconnecting: boolean,
): Promise<Refusal | undefined> {
  if (viewer.user.seat === 'VIEW_ONLY')
    return refused('VIEW_ONLY_SEAT', { cannot: 'connect an inbox' });
  // Before the lookup: probing which addresses are connected costs as much as a connection check.
  if (!(await services.rateLimits.connectionChecks.take(viewer.user.id)))
    return refused('RATE_LIMITED');
  if (!reconnecting) {
    const existing = await alreadyConnected(services, viewer, email);
    if (existing) return existing;
  }
  return undefined;
}

/** ALREADY_CONNECTED when someone (the viewer or another user) has connected the address. */
export async function alreadyConnected(
  services: Pick<GatewayServices, 'db'>,
  viewer: ViewerModel,
  email: string,
): Promise<Refusal | undefined> {
  const existing = await findConnectionOwner(services.db, email);
  if (!existing) return undefined;
  const mine = existing.user_id === viewer.user.id;
  const owner =
    !mine && canManageWorkspace(viewer) ? await ownerName(services, existing.user_id) : null;
  return refused('ALREADY_CONNECTED', { email, mine, owner });
}

async function ownerName(services: Pick<GatewayServices, 'db'>, userId: string): Promise<string> {
  const user = await services.db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return user ? `${user.name} (${user.email})` : 'another user';
}
