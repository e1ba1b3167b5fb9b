/**
 * The `object` strategy on top of the local ones: when neither inline nor
 * gzip fits (or `object` is asked for), the whole payload is uploaded to the
 * bucket under its own sha512 and the user data points to it: a pointer
 * config (Ignition, with `verification.hash`, validated for its spec: `gs://`
 * needs 3.2.0) or a cloud-init `#include` of an https URL. Re-running uploads
 * nothing: the key is the content's hash.
 */
import { CLOUD_MSG } from "../../../diagnostics/catalogue/cloud.js";
import { diagnostic } from "../../../diagnostics/message.js";
import { validateIgnition } from "../../../ignition/validate.js";
import { type Platform, USER_DATA_LIMITS } from "../limits.js";
import { fitUserData, type Payload, type Strategy, type UserDataResult } from "../user-data.js";
import type { ObjectStore, StoredObject } from "./object-store.js";
import { cloudInitInclude, objectKey, objectPointer } from "./pointer.js";

/** User data made to fit, with where the object went when the object strategy was taken. */
export type DeliveredUserData = UserDataResult & { stored?: StoredObject };

/**
 * Fits `payload` into `platform`'s user data: `forced` alone when given,
 * else inline, then gzip, then (with a `store`) the object strategy.
 */
export async function deliverUserData(
  payload: Payload,
  platform: Platform,
  options: { forced?: Strategy; store?: ObjectStore },
): Promise<DeliveredUserData> {
  const { forced, store } = options;
  if (forced !== "object") {
    const local = fitUserData(payload, platform, forced);
    if (local.userData || forced || !store) return local;
  }
  if (!store) return { diagnostics: [diagnostic("error", CLOUD_MSG.objectNeedsBucket(), [])] };
  const key = objectKey(payload.bytes, payload.kind === "ignition" ? ".ign" : ".yaml");
  const contentType = payload.kind === "ignition" ? "application/vnd.coreos.ignition+json" : "text/cloud-config";
  const stored = await store.put(key, payload.bytes, contentType);
  if ("error" in stored) return { diagnostics: [diagnostic("error", CLOUD_MSG.objectUpload(store.location, stored.error), [])] };

  let bytes: Uint8Array;
  if (payload.kind === "ignition") {
    bytes = Buffer.from(objectPointer(payload.bytes, payload.version, stored.source));
    const checked = validateIgnition(bytes);
    const problem = checked.failure?.text ?? checked.diagnostics.find((d) => d.severity === "error")?.message;
    if (problem !== undefined)
      return { diagnostics: [diagnostic("error", CLOUD_MSG.objectPointerInvalid(stored.source, payload.version, problem), [])] };
  } else {
    if (!/^https?:\/\//.test(stored.source))
      return { diagnostics: [diagnostic("error", CLOUD_MSG.objectIncludeNeedsHttps(stored.source), [])] };
    bytes = Buffer.from(cloudInitInclude(stored.source));
  }
  const limit = USER_DATA_LIMITS[platform];
  if (bytes.length > limit.bytes)
    return {
      diagnostics: [
        diagnostic("error", CLOUD_MSG.tooLarge("the pointer to the uploaded config", bytes.length, platform, limit.field, limit.bytes), []),
      ],
    };
  return { userData: { platform, strategy: "object", bytes, limit: limit.bytes }, stored, diagnostics: [] };
}
