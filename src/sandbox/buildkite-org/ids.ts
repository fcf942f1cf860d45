/**
 * Deterministic identifiers: UUIDv7-looking ids from a counter, so a seeded org is byte-for-byte
 * reproducible, and Buildkite-style GraphQL ids (base64 of `<Type>---<uuid>`).
 */
export class IdFactory {
  private counter = 0;

  constructor(private readonly prefix = '0197a6f0') {}

  uuid(): string {
    this.counter += 1;
    const n = this.counter.toString(16).padStart(12, '0');
    const mix = ((this.counter * 2654435761) >>> 0).toString(16).padStart(8, '0');
    return `${this.prefix}-${mix.slice(0, 4)}-7${mix.slice(4, 7)}-8${n.slice(0, 3)}-${n.slice(0, 12)}`;
  }
}

export function graphqlId(type: string, uuid: string): string {
  return Buffer.from(`${type}---${uuid}`, 'utf8').toString('base64');
}
