import type { Store, StoredLink } from './store.js';

/** A store that lives as long as the process: for tests and a single replica without persistence. */
export class MemoryStore implements Store {
  private readonly links = new Map<string, StoredLink>();
  private readonly orgSlugs = new Map<string, string>();

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
  async close() {}
}
