/**
 * The GCE metadata server as Application Default Credentials use it: a GET
 * under /computeMetadata/v1/ with `Metadata-Flavor: Google`, on
 * GCE_METADATA_HOST (169.254.169.254 unless the environment says otherwise),
 * given a short while to answer so that off Google Cloud the search for
 * credentials ends quickly.
 */

/** How long the metadata server gets to answer. */
const TIMEOUT_MS = 1500;

/** The text at `path` below /computeMetadata/v1/, or undefined when there is no metadata server (or no such entry). */
export async function readMetadata(host: string, path: string): Promise<string | undefined> {
  try {
    const answer = await fetch(`http://${host}/computeMetadata/v1/${path}`, {
      headers: { "Metadata-Flavor": "Google" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!answer.ok || answer.headers.get("metadata-flavor") !== "Google") return undefined;
    return await answer.text();
  } catch {
    return undefined;
  }
}
