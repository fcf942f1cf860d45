import type { Store } from '../store/store.js';
import type { AuthorizationLink, Gateway, LinkVerification } from './gateway.js';

/** A link counts as expired a little early, so a user never opens one that dies in their hands. */
const SAFETY_MARGIN_MS = 30_000;

export interface OfferedLink extends AuthorizationLink {
  /** True when the link was issued earlier and is still valid. */
  reused: boolean;
}

/**
 * Issues Scalekit authorization links, reusing a still-valid one instead of minting a new one per attempt,
 * but never one that may have been completed: a link stays usable until it expires, so completed once
 * and offered again (or forwarded), it would let another Buildkite account take over the connection.
 */
export class Linking {
  constructor(
    private readonly gateway: Gateway,
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
    /** With user verification on: where Scalekit sends the browser after OAuth, and the signed state. */
    private readonly verification?: (userId: string) => LinkVerification,
  ) {}

  async linkFor(userId: string): Promise<OfferedLink> {
    const stored = await this.store.getLink(userId);
    if (stored && stored.expiresAt.getTime() - SAFETY_MARGIN_MS > this.now().getTime()) {
      // However the completion went unnoticed (another replica, the identity check off), Scalekit's
      // record tells: an account that left PENDING_AUTH since has had a link completed.
      if ((await this.gateway.connection(userId)).awaitingAuthorization) return { ...stored, reused: true };
    }
    const verification = this.verification?.(userId);
    const issued = await this.gateway.authorizationLink(userId, verification);
    // Scalekit does not publish how long its links live: one that carries our verification state is
    // only as good as that state, so it is never offered again once the state has expired.
    const fresh = verification && verification.expiresAt < issued.expiresAt ? { ...issued, expiresAt: verification.expiresAt } : issued;
    await this.store.saveLink(userId, fresh);
    return { ...fresh, reused: false };
  }

  /** After a disconnect or a completed connection (however learnt), an old link must not be offered again. */
  async forget(userId: string): Promise<void> {
    await this.store.clearLink(userId);
  }
}
