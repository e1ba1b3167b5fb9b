/**
 * `coreos.etcd.discovery` must be a URL Go's url.ParseRequestURI accepts (an
 * absolute URL or an absolute path): a warning otherwise. Only etcd (v0.4)
 * is checked, as coreos-cloudinit does; etcd2's discovery is not.
 */

import { CC_MSG } from "../../diagnostics/catalogue/cloud-config.js";
import { parseRequestURI } from "../../gocompat/url.js";
import { child, isScalar } from "../tree.js";
import { diagnostic, type Rule } from "./rule.js";

export const checkDiscoveryUrl: Rule = (root, out) => {
  const d = child(child(child(root, "coreos"), "etcd"), "discovery");
  if (!d) return;
  if (isScalar(d) && parseRequestURI(d.text).ok) return;
  out.push(diagnostic("warning", CC_MSG.invalidDiscovery, d.path, d.valueAt));
};
