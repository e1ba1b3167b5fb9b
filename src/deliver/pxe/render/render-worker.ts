/**
 * A render worker thread (render-pool.ts): takes render jobs
 * (render-job.ts), answers each with its reply or, when the render throws,
 * the error's message; says `{ ready: true }` once loaded. Templates are compiled once per text and kept (the
 * most recent few hundred), so a store reload brings its new texts in
 * without mixing them with the old ones.
 */
import { parentPort } from "node:worker_threads";
import { type RenderJob, runJob } from "./render-job.js";
import { type CompiledTemplate, compileTemplate } from "./template.js";

const KEEP = 256;
const compiled = new Map<string, CompiledTemplate>();

function compile(source: string): CompiledTemplate {
  let template = compiled.get(source);
  if (template) return template;
  const { template: made, problems } = compileTemplate(source);
  if (!made) throw new Error(`a template that compiled in the store does not compile: ${problems[0]?.message ?? "no reason"}`);
  template = made;
  if (compiled.size >= KEEP) compiled.delete(compiled.keys().next().value!);
  compiled.set(source, template);
  return template;
}

export interface JobMessage {
  id: number;
  job: RenderJob;
}

export type ResultMessage = { id: number; reply: ReturnType<typeof runJob> } | { id: number; error: string };

parentPort?.on("message", ({ id, job }: JobMessage) => {
  let result: ResultMessage;
  try {
    result = { id, reply: runJob(job, compile) };
  } catch (err) {
    result = { id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(result);
});
parentPort?.postMessage({ ready: true });
