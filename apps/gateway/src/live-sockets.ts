import type { Logger } from './logger.js';
import type { ViewerModel } from './modules/identity/viewer.js';
import type { PrincipalRevoked } from './pubsub.js';

/** Live subscriptions one graphql-ws socket may hold. The console holds a handful per page. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;
/** Live subscriptions one user may hold in one gateway, over all their sockets (tabs, tools). */
export const MAX_SUBSCRIPTIONS_PER_USER = 300;
/** Default of how long a socket that is not signed in stays open after its last operation: it can subscribe to nothing. */
export const ANONYMOUS_IDLE_MS = 10_000;

/** graphql-ws close codes (4403 is the protocol's Forbidden; the client may retry and find itself signed out). */
export const CLOSE_SESSION_ENDED = 4403;
export const CLOSE_ANONYMOUS_IDLE = 4401;

/** setTimeout's longest delay; a session may last longer (INLET_SESSION_TTL_HOURS up to 90 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What LiveSockets needs of a WebSocket. */
export interface Closable {
  close(code: number, reason: string): void;
}

interface LiveSocket {
  socket: Closable;
  ip: string;
  /** Who signed in on this socket (cookie or token on the upgrade request); null while not signed in. */
  viewer: ViewerModel | null;
  /** Ids of its live subscription operations. */
  subscriptions: Set<string>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The graphql-ws sockets of this gateway, by client IP and by who opened them: the caps on sockets and
 * subscriptions, and the end of a socket whose session or token ends (signed out, revoked, expired,
 * user deactivated). graphql-ws closing a socket ends its subscriptions and releases their listeners.
 */
export class LiveSockets {
  private readonly sockets = new Map<Closable, LiveSocket>();
  private readonly perIp = new Map<string, number>();
  private readonly perUser = new Map<string, Set<LiveSocket>>();

  constructor(
    private readonly maxSocketsPerIp: number,
    private readonly logger: Logger,
    private readonly anonymousIdleMs = ANONYMOUS_IDLE_MS,
  ) {}

  /** At the handshake: false when `ip` already holds its maximum of sockets. */
  admits(ip: string): boolean {
    const open = this.perIp.get(ip) ?? 0;
    if (open < this.maxSocketsPerIp) return true;
    this.logger.warn(
      { clientIp: ip, open },
      'refused a graphql-ws socket: too many from this address',
    );
    return false;
  }

  opened(socket: Closable, ip: string): void {
    this.sockets.set(socket, {
      socket,
      ip,
      viewer: null,
      subscriptions: new Set(),
      timer: undefined,
    });
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
  }

  closed(socket: Closable): void {
    const live = this.sockets.get(socket);
    if (!live) return;
    clearTimeout(live.timer);
    this.sockets.delete(socket);
    const left = (this.perIp.get(live.ip) ?? 1) - 1;
    if (left > 0) this.perIp.set(live.ip, left);
    else this.perIp.delete(live.ip);
    if (live.viewer) this.userSockets(live.viewer.user.id, (set) => set.delete(live));
  }

  /** After connection_init: who the socket belongs to. A session's socket ends when the session expires; an anonymous one when idle. */
  identified(socket: Closable, viewer: ViewerModel | null): void {
    const live = this.sockets.get(socket);
    if (!live) return;
    live.viewer = viewer;
    if (viewer) this.userSockets(viewer.user.id, (set) => set.add(live));
    if (viewer?.session) this.endAt(live, Date.parse(viewer.session.expiresAt));
    else if (!viewer) this.closeWhenIdle(live);
  }

  /**
   * Before an operation runs. A subscription is counted against the caps (undefined when admitted,
   * else why not); every operation keeps an anonymous socket from being idle.
   */
  starting(socket: Closable, id: string, subscription: boolean): string | undefined {
    const live = this.sockets.get(socket);
    if (!live) return undefined;
    if (!live.viewer) this.closeWhenIdle(live);
    if (!subscription) return undefined;
    if (live.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      return `This connection already has ${MAX_SUBSCRIPTIONS_PER_SOCKET} live subscriptions, the most one connection may hold. End one before starting another.`;
    }
    if (live.viewer && this.userSubscriptions(live.viewer.user.id) >= MAX_SUBSCRIPTIONS_PER_USER) {
      return `You already have ${MAX_SUBSCRIPTIONS_PER_USER} live subscriptions, the most one user may hold. Close other tabs or end some subscriptions first.`;
    }
    live.subscriptions.add(id);
    return undefined;
  }

  /** An operation ended (completed, failed or cancelled). */
  ended(socket: Closable, id: string): void {
    this.sockets.get(socket)?.subscriptions.delete(id);
  }

  /** Closes the sockets of a revoked principal; returns how many. */
  revoke(event: PrincipalRevoked): number {
    let closed = 0;
    for (const live of [...this.sockets.values()]) {
      const viewer = live.viewer;
      if (!viewer) continue;
      const matches =
        (event.userId !== undefined && viewer.user.id === event.userId) ||
        (event.sessionsOfUserId !== undefined &&
          viewer.session !== null &&
          viewer.user.id === event.sessionsOfUserId &&
          viewer.session.id !== event.exceptSessionId) ||
        (event.sessionId !== undefined && viewer.session?.id === event.sessionId) ||
        (event.tokenId !== undefined && viewer.tokenId === event.tokenId);
      if (!matches) continue;
      this.close(live, CLOSE_SESSION_ENDED, event.reason);
      closed += 1;
    }
    if (closed > 0)
      this.logger.info(
        { reason: event.reason, userId: event.userId, closed },
        'closed graphql-ws sockets of an ended session',
      );
    return closed;
  }

  /** Open sockets (metrics and tests). */
  get size(): number {
    return this.sockets.size;
  }

  private close(live: LiveSocket, code: number, reason: string): void {
    clearTimeout(live.timer);
    live.socket.close(code, reason);
  }

  private endAt(live: LiveSocket, at: number): void {
    clearTimeout(live.timer);
    const wait = at - Date.now();
    if (wait <= 0) return this.close(live, CLOSE_SESSION_ENDED, 'Session expired');
    live.timer = setTimeout(() => this.endAt(live, at), Math.min(wait, MAX_TIMER_MS)).unref();
  }

  private closeWhenIdle(live: LiveSocket): void {
    clearTimeout(live.timer);
    live.timer = setTimeout(
      () => this.close(live, CLOSE_ANONYMOUS_IDLE, 'Sign in to use subscriptions'),
      this.anonymousIdleMs,
    ).unref();
  }

  private userSockets(userId: string, change: (sockets: Set<LiveSocket>) => void): void {
    const set = this.perUser.get(userId) ?? new Set<LiveSocket>();
    change(set);
    if (set.size > 0) this.perUser.set(userId, set);
    else this.perUser.delete(userId);
  }

  private userSubscriptions(userId: string): number {
    let count = 0;
    for (const live of this.perUser.get(userId) ?? []) count += live.subscriptions.size;
    return count;
  }
}
