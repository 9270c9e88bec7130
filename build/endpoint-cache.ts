/**
 * Stands in for `@aws-sdk/endpoint-cache` in the Lambda bundles only (see build/lambda-bundling.ts).
 * The DynamoDB client makes one for endpoint discovery (off unless asked for: this system never
 * asks), and the package carries `mnemonist` and `obliterator` for its LRU cache (about 8 KiB
 * minified). This is the same class over a `Map`, which keeps insertion order: reading an entry
 * moves it to the end, and setting one beyond the capacity drops the least recently used. Tests and
 * the local runtime run the sources unbundled, with the real package.
 */
export type Endpoint = { Address: string; CachePeriodInMinutes: number };
export type EndpointWithExpiry = { Address: string; Expires: number };

class LruMap<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value without making it the most recently used. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  get(key: string): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

export class EndpointCache {
  private readonly cache: LruMap<EndpointWithExpiry[]>;

  constructor(capacity: number) {
    this.cache = new LruMap(capacity);
  }

  getEndpoint(key: string): string | undefined {
    const endpointsWithExpiry = this.get(key);
    if (!endpointsWithExpiry || endpointsWithExpiry.length === 0) return undefined;
    const endpoints = endpointsWithExpiry.map((endpoint) => endpoint.Address);
    return endpoints[Math.floor(Math.random() * endpoints.length)];
  }

  get(key: string): EndpointWithExpiry[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.cache.get(key);
    if (!value) return undefined;
    const now = Date.now();
    const endpointsWithExpiry = value.filter((endpoint) => now < endpoint.Expires);
    if (endpointsWithExpiry.length === 0) {
      this.delete(key);
      return undefined;
    }
    return endpointsWithExpiry;
  }

  set(key: string, endpoints: Endpoint[]): void {
    const now = Date.now();
    this.cache.set(
      key,
      endpoints.map(({ Address, CachePeriodInMinutes }) => ({
        Address,
        Expires: now + CachePeriodInMinutes * 60 * 1000,
      })),
    );
  }

  delete(key: string): void {
    this.cache.set(key, []);
  }

  has(key: string): boolean {
    if (!this.cache.has(key)) return false;
    const endpoints = this.cache.peek(key);
    return endpoints ? endpoints.length > 0 : false;
  }

  clear(): void {
    this.cache.clear();
  }
}
