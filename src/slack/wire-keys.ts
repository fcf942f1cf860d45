/**
 * Names in code, short keys on the wire. A button's value holds 2,000 characters and a modal's metadata
 * 3,000, and cards already posted in Slack carry values like `{"p":"web","b":12}`: so each definition
 * takes a key map (`{ pipeline: 'p', build: 'b' }`) and only its `draw`/`view` and `decode` see the short
 * keys. Handlers and renderers read names.
 */

/** Each name of a value and the key it travels as; a nested object (or list of them) has a map of its own. */
export type WireKeys<T> = { readonly [K in keyof T]-?: WireKey<T[K]> };

/** A name's wire key: a string, or for an object (or a list of objects) its key and the map inside it. */
export type WireKey<V> = [Item<NonNullable<V>>] extends [object] ? NestedKeys<Item<NonNullable<V>>> : string;
type Item<V> = V extends readonly (infer E)[] ? E : V;

export interface NestedKeys<T> {
  readonly key: string;
  readonly fields: WireKeys<T>;
}

/** A key map compiled both ways; built once per definition, where a collision is a definition error. */
export interface WireTable {
  readonly toWire: ReadonlyMap<string, { key: string; nested?: WireTable }>;
  readonly fromWire: ReadonlyMap<string, { name: string; nested?: WireTable }>;
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compiles a key map; two names on one wire key (at any depth) throw, naming the definition. Called by
 * `defineButton`/`defineModal`, so a clash stops the module that defines it from loading.
 */
export function wireTable<T>(where: string, keys: WireKeys<T>): WireTable {
  return compile(where, keys);
}

function compile(where: string, keys: unknown): WireTable {
  if (!isRecord(keys)) throw new Error(`${where}: a key map is an object`);
  const toWire = new Map<string, { key: string; nested?: WireTable }>();
  const fromWire = new Map<string, { name: string; nested?: WireTable }>();
  for (const [name, spec] of Object.entries(keys)) {
    const nested = isRecord(spec) ? compile(`${where}.${name}`, spec.fields) : undefined;
    const key = typeof spec === 'string' ? spec : isRecord(spec) && typeof spec.key === 'string' ? spec.key : '';
    if (!key) throw new Error(`${where}: ${name} has no wire key`);
    const taken = fromWire.get(key);
    if (taken) throw new Error(`${where}: ${taken.name} and ${name} both travel as "${key}"`);
    toWire.set(name, { key, ...(nested ? { nested } : {}) });
    fromWire.set(key, { name, ...(nested ? { nested } : {}) });
  }
  return { toWire, fromWire };
}

/** A named value as it travels: names the map does not know are left behind (only what the handler reads travels). */
export function toWire(value: unknown, table: WireTable): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => toWire(item, table));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) {
    const entry = table.toWire.get(name);
    if (entry && v !== undefined) out[entry.key] = entry.nested ? toWire(v, entry.nested) : v;
  }
  return out;
}

/**
 * A value as it came back, named: a key the map does not know stays as it is (so the schema strips it,
 * or refuses it if strict), except a name, which is never read from the wire.
 */
export function fromWire(wire: unknown, table: WireTable): unknown {
  if (Array.isArray(wire)) return wire.map((item: unknown) => fromWire(item, table));
  if (!isRecord(wire)) return wire;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(wire)) {
    const entry = table.fromWire.get(key);
    if (entry) out[entry.name] = entry.nested ? fromWire(v, entry.nested) : v;
    else if (!table.toWire.has(key) && key !== '__proto__') out[key] = v;
  }
  return out;
}
