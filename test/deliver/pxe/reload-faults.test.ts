// A reload whose store cannot be read (a folder turned unreadable, etcd
// gone mid-read) is a refused reload: the server keeps its last good
// snapshot and logs why. An unhandled rejection would end the process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../src/deliver/pxe/store/directory.js";
import { waitFor } from "../../helpers/wait-for.js";

let work: string;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

it("keeps the last good snapshot and logs why when the store cannot be read on a reload", async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-reload-faults-"));
  mkdirSync(join(work, "profiles"));
  mkdirSync(join(work, "groups"));
  writeFileSync(join(work, "profiles/p.json"), '{"id":"p"}');
  writeFileSync(join(work, "groups/d.json"), '{"id":"d","profile":"p"}');
  let fail = false;
  let changed: (files: string[]) => void = () => {};
  /** The directory store, but its load fails when `fail` is set, and its changes come when the test says. */
  class Unreadable extends DirectoryStore {
    override load() {
      return fail ? Promise.reject(Object.assign(new Error("EACCES: permission denied, scandir"), { code: "EACCES" })) : super.load();
    }
    override watch(onChange: (files: string[]) => void) {
      changed = onChange;
      return () => {};
    }
  }
  const store = new Unreadable(work);
  const lines: string[] = [];
  server = await startServer({ store, port: 0, log: (l) => lines.push(l) });
  fail = true;
  changed(["groups/d.json"]);
  const refused = await waitFor("the refused reload's log line", () =>
    lines.map((l) => JSON.parse(l)).find((l) => l.event === "reload-refused"),
  );
  expect(refused.problems).toEqual([`${store.describe()}: cannot be read: EACCES: permission denied, scandir`]);
  expect(await server.reload()).toEqual([{ file: store.describe(), message: "cannot be read: EACCES: permission denied, scandir" }]);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});
