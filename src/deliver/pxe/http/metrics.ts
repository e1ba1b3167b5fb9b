/**
 * Counters for /metrics in Prometheus' text format: requests by endpoint and
 * status, renders, cache hits and selection misses by endpoint; and the
 * reply cache's size.
 */
type Counter = Map<string, number>;

const bump = (c: Counter, key: string) => c.set(key, (c.get(key) ?? 0) + 1);
const label = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export class Metrics {
  private readonly requests: Counter = new Map();
  private readonly renders: Counter = new Map();
  private readonly hits: Counter = new Map();
  private readonly misses: Counter = new Map();

  request(endpoint: string, status: number): void {
    bump(this.requests, `${endpoint}\0${status}`);
  }
  render(endpoint: string): void {
    bump(this.renders, endpoint);
  }
  hit(endpoint: string): void {
    bump(this.hits, endpoint);
  }
  miss(endpoint: string): void {
    bump(this.misses, endpoint);
  }

  /** The exposition text. */
  renderText(groups: number, generation: number, cache?: { bytes: number; size: number; maxBytes: number }): string {
    const out: string[] = [];
    const family = (name: string, help: string, type: string, c: Counter, labels: (key: string) => string) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const key of [...c.keys()].sort()) out.push(`${name}{${labels(key)}} ${c.get(key)}`);
    };
    family("kindling_requests_total", "Machine requests by endpoint and status.", "counter", this.requests, (k) => {
      const [endpoint, status] = k.split("\0");
      return `endpoint="${label(endpoint!)}",status="${status}"`;
    });
    family(
      "kindling_renders_total",
      "Configs rendered (cache misses) by endpoint.",
      "counter",
      this.renders,
      (k) => `endpoint="${label(k)}"`,
    );
    family(
      "kindling_cache_hits_total",
      "Replies served from the render cache by endpoint.",
      "counter",
      this.hits,
      (k) => `endpoint="${label(k)}"`,
    );
    family(
      "kindling_selection_misses_total",
      "Requests no group matched, by endpoint.",
      "counter",
      this.misses,
      (k) => `endpoint="${label(k)}"`,
    );
    out.push("# HELP kindling_groups Groups in the loaded store.", "# TYPE kindling_groups gauge", `kindling_groups ${groups}`);
    out.push(
      "# HELP kindling_store_generation Snapshots loaded since start.",
      "# TYPE kindling_store_generation gauge",
      `kindling_store_generation ${generation}`,
    );
    if (cache) {
      out.push(
        "# HELP kindling_cache_bytes Bytes the reply cache holds (an estimate), at most --cache-bytes.",
        "# TYPE kindling_cache_bytes gauge",
        `kindling_cache_bytes ${cache.bytes}`,
      );
      out.push(
        "# HELP kindling_cache_entries Replies in the cache.",
        "# TYPE kindling_cache_entries gauge",
        `kindling_cache_entries ${cache.size}`,
      );
      out.push(
        "# HELP kindling_cache_max_bytes The reply cache's budget (--cache-bytes).",
        "# TYPE kindling_cache_max_bytes gauge",
        `kindling_cache_max_bytes ${cache.maxBytes}`,
      );
    }
    return out.join("\n") + "\n";
  }
}
