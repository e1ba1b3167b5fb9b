/**
 * The lab's Vagrantfile (templates/vagrantfile.hbs): Ruby that reads
 * lab.yaml itself, so the only values written into it are the box table
 * (boxes.ts) and the version that wrote it. `json` quotes a value as a Ruby
 * double-quoted string (the values are ours and hold no `#{`).
 */
import { loadTemplate } from "../../templates.js";
import { KINDLING_VERSION } from "../../version.js";
import { BOX_NAMES, BOXES } from "./boxes.js";

export function renderVagrantfile(): string {
  const template = loadTemplate("vagrantfile.hbs", { json: (value: unknown) => JSON.stringify(value) });
  return template({
    version: KINDLING_VERSION,
    boxes: BOX_NAMES.map((name) => ({ name, fwCfgKey: undefined, boxUrl: undefined, ...BOXES[name] })),
  });
}
