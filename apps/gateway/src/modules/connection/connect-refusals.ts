import type { ProviderKind } from '@inlet/providers';
import type { GatewayServices } from '../../gateway-services.js';
import type { ViewerModel } from '../identity/viewer.js';

export interface Refusal {
  __typename: 'ConnectRefused';
  code: string;
  message: string;
  hint: string;
  /** USE_OAUTH: the kind whose sign-in connects this mailbox. */
  provider: ProviderKind | null;
}

export function refused(code: string, message: string, hint: string, provider: ProviderKind | null = null): Refusal {
  return { __typename: 'ConnectRefused', code, message, hint, provider };
}

/**
 * Checks every connect flow makes before any network work: a full seat, an address not yet connected
 * (by anyone, personal or team), and the per-user rate of connection checks.
 */
export async function commonRefusal(services: GatewayServices, viewer: ViewerModel, email: string, reconnecting: boolean): Promise<Refusal | undefined> {
  if (viewer.user.seat === 'VIEW_ONLY') {
    return refused('VIEW_ONLY_SEAT', 'Your seat is view-only, so you cannot connect an inbox.', 'Ask an admin to give you a full seat.');
  }
  if (!reconnecting) {
    const existing = await services.db.selectFrom('connections').select(['user_id']).where('email', '=', email).executeTakeFirst();
    if (existing) {
      const mine = existing.user_id === viewer.user.id;
      return refused(
        'ALREADY_CONNECTED',
        mine ? `${email} is already connected.` : `${email} is already connected by another user.`,
        mine ? 'Open My email to see its status or reconnect it.' : 'An address can be connected once. Ask an admin if it should be yours.',
      );
    }
  }
  if (!services.connectLimiter.take(viewer.user.id)) {
    return refused('RATE_LIMITED', 'Too many connection attempts in a short time.', 'Wait a few minutes, then try again.');
  }
  return undefined;
}
