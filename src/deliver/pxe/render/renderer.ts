/**
 * Where a machine endpoint's reply is rendered. Configs (transpiled,
 * validated: milliseconds each) go to the render workers when the server
 * has them, so the event loop keeps answering cached machines during a boot
 * storm; boot scripts and metadata (microseconds) stay on the event loop.
 * Requests for a reply already being rendered in the same snapshot wait for
 * that render instead of starting another. Without workers (or when they
 * cannot start) every render runs on the event loop, as it always did.
 */
import type { AgentSettings } from "../../../verify/agent.js";
import type { Reply } from "../http/reply.js";
import type { Group, Profile } from "../store/model.js";
import type { Snapshot } from "../store/snapshot.js";
import type { RequestData } from "./configs.js";
import { renderJob } from "./render-job.js";
import type { RenderPool } from "./render-pool.js";
import { RENDERERS, type RenderKind } from "./renderers.js";

/** The renders worth a trip to a worker. */
const OFF_THREAD: ReadonlySet<RenderKind> = new Set(["ignition", "cloudConfig", "script", "generic"]);

export class Renderer {
  private readonly underway = new Map<string, Promise<Reply>>();

  constructor(readonly pool?: RenderPool) {}

  /** The render of this reply (cache key) under way in this snapshot, if there is one. */
  joining(generation: number, key: string): Promise<Reply> | undefined {
    return this.underway.get(`${generation}\0${key}`);
  }

  /** Renders a reply; with a key, later requests for it join this render until it is done. */
  render(
    snapshot: Snapshot,
    kind: RenderKind,
    group: Group,
    profile: Profile,
    request: RequestData,
    verify: AgentSettings | undefined,
    key?: string,
  ): Reply | Promise<Reply> {
    const pool = this.pool;
    if (!pool || pool.broken || !OFF_THREAD.has(kind)) return RENDERERS[kind](snapshot, group, profile, request, verify);
    const rendered = pool.run(renderJob(snapshot, kind, group, profile, request, verify));
    if (key === undefined) return rendered;
    const underway = `${snapshot.generation}\0${key}`;
    this.underway.set(underway, rendered);
    const done = () => {
      this.underway.delete(underway);
    };
    rendered.then(done, done);
    return rendered;
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}
