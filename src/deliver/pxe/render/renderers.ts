/**
 * Every reply of a machine endpoint that selects a group, by name: a pure
 * function of the templates, the group, its profile, the request and the
 * verification agent's settings. The same table runs on the event loop and
 * in the render workers (render-worker.ts), so a reply is the same bytes
 * wherever it was rendered.
 */
import type { AgentSettings } from "../../../verify/agent.js";
import type { Reply } from "../http/reply.js";
import type { Group, Profile } from "../store/model.js";
import type { Templates } from "../store/snapshot.js";
import { grubScript, ipxeScript } from "./boot.js";
import { type RequestData, renderCloudConfig, renderGeneric, renderIgnition, renderMetadata, renderScriptConfig } from "./configs.js";

export type Render = (templates: Templates, group: Group, profile: Profile, request: RequestData, verify?: AgentSettings) => Reply;

const text = (status: number, body: string): Reply => ({ status, contentType: "text/plain; charset=utf-8", body });

function bootScript(kind: "ipxe" | "grub"): Render {
  return (_t, _g, profile) => {
    if (!profile.boot) return text(404, `profile "${profile.id}" (${profile.file}) has no boot section\n`);
    const boot = { id: profile.id, ...(profile.name ? { name: profile.name } : {}), boot: profile.boot };
    try {
      return text(200, kind === "ipxe" ? ipxeScript(boot) : grubScript(boot));
    } catch (err) {
      return text(500, `${(err as Error).message}\n`);
    }
  };
}

export const RENDERERS = {
  ipxe: bootScript("ipxe"),
  grub: bootScript("grub"),
  ignition: renderIgnition,
  cloudConfig: renderCloudConfig,
  script: renderScriptConfig,
  generic: renderGeneric,
  metadata: (_t, group, _p, request) => renderMetadata(group, request),
} satisfies Record<string, Render>;

export type RenderKind = keyof typeof RENDERERS;
