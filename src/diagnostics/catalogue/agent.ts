/**
 * The first-boot verification agent's diagnostics (verify/agent.ts), in our
 * words: a config that already has the agent's file or unit cannot take it.
 */
import { m } from "../message.js";

export const AGENT_MSG = {
  pathTaken: (path: string) =>
    m("verify.agent-path", `${path} is where the verification agent goes`, "move this file, or transpile without --verify"),
  unitTaken: (unit: string) =>
    m("verify.agent-unit", `${unit} is the verification agent's unit`, "rename this unit, or transpile without --verify"),
} as const;
