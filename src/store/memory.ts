import type { Store, StoredLink } from './store.js';

/** A store that lives as long as the process: for tests and a single replica without persistence. */
export class MemoryStore implements Store {
  private readonly links = new Map<string, StoredLink>();
  private readonly orgSlugs = new Map<string, string>();
  private readonly channelPipelines = new Map<string, string>();
  private readonly claims = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async getLink(userId: string) {
    return this.links.get(userId);
  }
  async saveLink(userId: string, link: StoredLink) {
    this.links.set(userId, link);
  }
  async clearLink(userId: string) {
    this.links.delete(userId);
  }
  async getOrgSlug(userId: string) {
    return this.orgSlugs.get(userId);
  }
  async saveOrgSlug(userId: string, slug: string) {
    this.orgSlugs.set(userId, slug);
  }
  async clearOrgSlug(userId: string) {
    this.orgSlugs.delete(userId);
  }
  async getChannelPipeline(teamId: string, channelId: string) {
    return this.channelPipelines.get(`${teamId}:${channelId}`);
  }
  async setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined) {
    if (pipeline === undefined) this.channelPipelines.delete(`${teamId}:${channelId}`);
    else this.channelPipelines.set(`${teamId}:${channelId}`, pipeline);
  }
  async claim(key: string, ttlMs: number) {
    // Single-threaded JavaScript makes check-and-set atomic within one process.
    const expiresAt = this.claims.get(key);
    if (expiresAt !== undefined && expiresAt > this.now()) return false;
    this.claims.set(key, this.now() + ttlMs);
    return true;
  }
  async release(key: string) {
    this.claims.delete(key);
  }
  async close() {}
}
