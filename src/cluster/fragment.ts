/**
 * A contribution as the text of a file: the Butane snippet as it is, the
 * cloud-config and cloud-init keys as a `#cloud-config` document. The file
 * name's ending says which (`.bu`, `.cloud-config.yaml`, `.cloud-init.yaml`).
 */
import { encodeYamlV3 } from "../gocompat/yaml-v3/encode.js";
import type { ClusterContribution, World } from "./cluster.js";

export const FRAGMENT_SUFFIX: Record<World, string> = {
  fcos: ".bu",
  flatcar: ".bu",
  "coreos-legacy": ".cloud-config.yaml",
  "cloud-init": ".cloud-init.yaml",
};

/** A `#cloud-config` document of `keys`, in their order. */
export function cloudConfigDocument(keys: Record<string, unknown>): string {
  return `#cloud-config\n${encodeYamlV3(keys, { keepKeyOrder: true, ints: true })}`;
}

export function fragmentText(contribution: ClusterContribution): string {
  if (contribution.butane !== undefined) return contribution.butane;
  return cloudConfigDocument(contribution.cloudConfig ?? contribution.cloudInit ?? {});
}
