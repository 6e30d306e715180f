import { parseEmailAddress } from '@inlet/providers';
import type { RateLimits } from '../../rate-limit.js';
import { normalizeEmail } from './users.js';

/**
 * Sign-in attempts are counted per address and IP, per account (from any IP) and per IP (for any
 * account), before any password is hashed; an attempt over any of them is refused. A successful
 * sign-in gives its attempt back, so only failures add up.
 */
export class SignInThrottle {
  private readonly account: string;

  constructor(
    private readonly limits: RateLimits,
    private readonly clientIp: string,
    email: string,
  ) {
    this.account = normalizeEmail(email);
  }

  async allowed(): Promise<boolean> {
    const { signInPerAccountAndIp, signInPerAccount, signInPerIp } = this.limits;
    const log = this.logFields;
    const taken = await Promise.all([
      signInPerAccountAndIp.take(`${this.clientIp}|${this.account}`, log),
      signInPerAccount.take(this.account, log),
      signInPerIp.take(this.clientIp, log),
    ]);
    return taken.every(Boolean);
  }

  async succeeded(): Promise<void> {
    const { signInPerAccountAndIp, signInPerAccount, signInPerIp } = this.limits;
    await Promise.all([
      signInPerAccountAndIp.reset(`${this.clientIp}|${this.account}`),
      signInPerAccount.refund(this.account),
      signInPerIp.refund(this.clientIp),
    ]);
  }

  /** What a log line may say about the attempt: never the password, nor a "sign-in address" that is not an email address (a password typed into the wrong box). */
  get logFields(): { email: string; clientIp: string } {
    return {
      email: parseEmailAddress(this.account).ok ? this.account : '(not an email address)',
      clientIp: this.clientIp,
    };
  }
}
