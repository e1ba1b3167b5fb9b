// kindling launch gce against the Compute Engine emulator: the user data
// arriving exactly in metadata, --count, requestId idempotency, retries after
// 503/429, operation errors and credential errors as one line, --dry-run
// without the network, and the real ADC flow from a service account key file.
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { launchCommand } from "../../src/cli/launch.js";
import { transpile } from "../../src/transpile.js";
import { type GceEmulator, startGceEmulator } from "../emulators/gce-emulator.js";
import { type GcsEmulator, startGcsEmulator } from "../emulators/gcs-emulator.js";
import { type OAuthEmulator, startOAuthEmulator } from "../emulators/oauth-emulator.js";
import { tempDir, writeServiceAccount } from "../helpers/gcp-credentials.js";
import { memoryIO } from "../helpers/io.js";

const TOKEN = "ya29.launch-token";
const STORAGE_TOKEN = "ya29.storage-token";
let oauth: OAuthEmulator;
let gce: GceEmulator;
let gcs: GcsEmulator;
beforeAll(async () => {
  oauth = await startOAuthEmulator();
  gce = await startGceEmulator({ validToken: (t) => t === TOKEN || oauth.issued.has(t) });
  gcs = await startGcsEmulator({ buckets: ["launch-configs"], validToken: (t) => t === STORAGE_TOKEN });
});
afterAll(async () => {
  await gce.close();
  await gcs.close();
  await oauth.close();
});
beforeEach(() => {
  gce.instances.clear();
});

const bare = (): Record<string, string> => ({ HOME: tempDir("gcp-home"), GCE_METADATA_HOST: "127.0.0.1:1" });

const run = async (args: string[], stdin: string, env: Record<string, string> = bare()) => {
  const m = memoryIO(stdin, env);
  const code = await launchCommand(["gce", ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

const butane = (text: string) =>
  `variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        inline: ${text}\n`;

const common = (name: string) => ["--name", name, "--zone", "us-central1-a", "--project", "demo", "--token", TOKEN, "--endpoint", gce.url];
const metadataOf = (body: Record<string, unknown>) => (body.metadata as { items: { key: string; value: string }[] }).items;
const inserts = () => gce.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances"));

describe("kindling launch gce", () => {
  test("creates --count instances whose metadata user-data is the config, waits until RUNNING, prints where they are", async () => {
    const source = butane("hello gce");
    const r = await run(
      [...common("web"), "--count", "2", "--tag", "http-server", "--tag", "kindling", "--label", "team=infra", "-"],
      source,
    );
    expect(r.stderr).not.toContain("Error");
    expect(r.code).toBe(0);
    expect([...gce.instances.keys()].sort()).toEqual(["demo/us-central1-a/web-1", "demo/us-central1-a/web-2"]);
    for (const instance of gce.instances.values()) {
      expect(metadataOf(instance.body)).toEqual([{ key: "user-data", value: transpile(source).output }]);
      expect(instance.body).toMatchObject({
        machineType: "zones/us-central1-a/machineTypes/e2-small",
        disks: [
          {
            boot: true,
            autoDelete: true,
            initializeParams: { sourceImage: "projects/fedora-coreos-cloud/global/images/family/fedora-coreos-stable" },
          },
        ],
        networkInterfaces: [{ accessConfigs: [{ type: "ONE_TO_ONE_NAT", name: "External NAT" }] }],
        tags: { items: ["http-server", "kindling"] },
        labels: { team: "infra" },
      });
      expect(instance.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +NAME +STATE +PRIVATE-IP +PUBLIC-IP +ZONE$/);
    expect(lines.slice(1).map((l) => l.split(/ +/).slice(1))).toEqual([
      ["web-1", "RUNNING", expect.stringMatching(/^10\.128\.0\.\d+$/), expect.stringMatching(/^34\.70\.1\.\d+$/), "us-central1-a"],
      ["web-2", "RUNNING", expect.stringMatching(/^10\.128\.0\.\d+$/), expect.stringMatching(/^34\.70\.1\.\d+$/), "us-central1-a"],
    ]);
    expect(r.stderr).toContain("launch gce: web-1 RUNNING");
  });

  test("the requestId makes a retried or repeated launch create nothing new", async () => {
    const source = butane("idempotent");
    const before = inserts().length;
    gce.failNext(1, 503, /\/instances$/);
    gce.failNext(1, 429, /\/wait$/);
    const first = await run([...common("api"), "-"], source);
    expect(first.code).toBe(0);
    const sent = inserts().slice(before);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.query.get("requestId")).toBe(sent[1]!.query.get("requestId"));
    expect(gce.instances.size).toBe(1);
    const id = gce.instances.get("demo/us-central1-a/api")!.id;
    const again = await run([...common("api"), "-"], source);
    expect(again.code).toBe(0);
    expect(inserts().at(-1)!.query.get("requestId")).toBe(sent[0]!.query.get("requestId"));
    expect(gce.instances.size).toBe(1);
    expect(again.stdout).toContain(id);
  });

  test("an instance of that name with other user data is one line, exit 1", async () => {
    expect((await run([...common("taken"), "-"], butane("one"))).code).toBe(0);
    const r = await run([...common("taken"), "-"], butane("two"));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("Error"))).toEqual([
      "Error: instance taken already exists in us-central1-a with other user data: delete it or choose another --name",
    ]);
  });

  test("an operation that ends in an error is one line, exit 1", async () => {
    gce.failNextOperation("QUOTA_EXCEEDED", "Quota 'CPUS' exceeded.  Limit: 8.0 in region us-central1.");
    const r = await run([...common("big"), "-"], butane("quota"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(
      r.stderr.endsWith(
        "Error: creating instance big in us-central1-a failed: QUOTA_EXCEEDED: Quota 'CPUS' exceeded. Limit: 8.0 in region us-central1.\n",
      ),
    ).toBe(true);
  });

  test("--dry-run prints the insert request exactly, user data summarised, and sends nothing", async () => {
    const before = gce.requests.length;
    const r = await run(
      [
        "--name",
        "dry",
        "--zone",
        "europe-west1-b",
        "--project",
        "demo",
        "--endpoint",
        gce.url,
        "--machine-type",
        "n2-standard-2",
        "--subnet",
        "apps",
        "--service-account",
        "vm@demo.iam.gserviceaccount.com",
        "--dry-run",
        "-",
      ],
      butane("dry"),
      {},
    );
    expect(r.code).toBe(0);
    expect(gce.requests.length).toBe(before);
    const [call] = JSON.parse(r.stdout) as { method: string; target: string; body: Record<string, unknown> }[];
    expect(call!.method).toBe("POST");
    expect(call!.target).toMatch(new RegExp(`^${gce.url}/projects/demo/zones/europe-west1-b/instances\\?requestId=[0-9a-f-]{36}$`));
    expect(call!.body).toMatchObject({
      name: "dry",
      machineType: "zones/europe-west1-b/machineTypes/n2-standard-2",
      networkInterfaces: [{ subnetwork: "regions/europe-west1/subnetworks/apps" }],
      serviceAccounts: [{ email: "vm@demo.iam.gserviceaccount.com", scopes: ["https://www.googleapis.com/auth/cloud-platform"] }],
      metadata: { items: [{ key: "user-data", value: { userData: expect.stringMatching(/bytes, strategy inline$/) } }] },
    });
    // The same request, sent, carries the same requestId.
    const sent = await run(
      [
        "--name",
        "dry",
        "--zone",
        "europe-west1-b",
        "--project",
        "demo",
        "--endpoint",
        gce.url,
        "--machine-type",
        "n2-standard-2",
        "--subnet",
        "apps",
        "--service-account",
        "vm@demo.iam.gserviceaccount.com",
        "--token",
        TOKEN,
        "-",
      ],
      butane("dry"),
    );
    expect(sent.code).toBe(0);
    expect(call!.target).toBe(
      `${gce.url}/projects/demo/zones/europe-west1-b/instances?requestId=${inserts().at(-1)!.query.get("requestId")}`,
    );
  });

  test("cloud-init gzip bytes go base64 with user-data-encoding, as cloud-init's GCE datasource reads them", async () => {
    const doc = `#cloud-config\nwrite_files:\n- path: /etc/big\n  content: ${"z".repeat(300_000)}\n`;
    const r = await run([...common("ci"), "-"], doc);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("strategy gzip");
    const items = metadataOf(gce.instances.get("demo/us-central1-a/ci")!.body);
    expect(items.map((i) => i.key)).toEqual(["user-data", "user-data-encoding"]);
    expect(items[1]!.value).toBe("base64");
    expect(gunzipSync(Buffer.from(items[0]!.value, "base64")).toString()).toBe(doc);
    expect(gce.instances.get("demo/us-central1-a/ci")!.body).toMatchObject({
      disks: [{ initializeParams: { sourceImage: "projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64" } }],
    });
  });

  test("with --bucket gs://, the instance gets a pointer to the uploaded config (--storage-token for the bucket)", async () => {
    const source = butane("pointed");
    const config = transpile(source).output!;
    const r = await run(
      [
        ...common("ptr"),
        "--strategy",
        "object",
        "--bucket",
        "gs://launch-configs",
        "--storage-endpoint",
        gcs.url,
        "--storage-token",
        STORAGE_TOKEN,
        "-",
      ],
      source,
    );
    expect(r.code).toBe(0);
    const [item] = metadataOf(gce.instances.get("demo/us-central1-a/ptr")!.body);
    const pointer = JSON.parse(item!.value) as { ignition: { config: { replace: { source: string } } } };
    const key = pointer.ignition.config.replace.source.replace("gs://launch-configs/", "");
    expect(gcs.buckets.get("launch-configs")!.get(key)!.bytes.toString()).toBe(config);
  });

  test("Application Default Credentials: a service account key file gives the token and the project", async () => {
    const sa = writeServiceAccount(oauth, "adc-project");
    const r = await run(["--name", "adc", "--zone", "us-central1-a", "--endpoint", gce.url, "-"], butane("adc"), {
      ...bare(),
      GOOGLE_APPLICATION_CREDENTIALS: sa.path,
    });
    expect(r.stderr).not.toContain("Error");
    expect(r.code).toBe(0);
    expect(gce.instances.has("adc-project/us-central1-a/adc")).toBe(true);
    const token = inserts().at(-1)!.authorization!.replace("Bearer ", "");
    expect(oauth.issued.has(token)).toBe(true);
  });

  test("no credentials, refused credentials and an expired token are one line each, exit 1", async () => {
    const hint =
      "run gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or pass --token (a bucket with kindling launch: --storage-token)";
    const errors = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("Error"));
    const none = await run(["--name", "x", "--zone", "us-central1-a", "--project", "demo", "--endpoint", gce.url, "-"], butane("x"));
    expect(none.code).toBe(1);
    expect(errors(none.stderr)).toEqual([`Error: no Google Cloud credentials found: ${hint}`]);
    const sa = writeServiceAccount(oauth, "demo", false);
    const refused = await run(["--name", "x", "--zone", "us-central1-a", "--endpoint", gce.url, "-"], butane("x"), {
      ...bare(),
      GOOGLE_APPLICATION_CREDENTIALS: sa.path,
    });
    expect(refused.code).toBe(1);
    expect(errors(refused.stderr)).toEqual([
      `Error: the Google Cloud credentials in ${sa.path} were refused (invalid_grant: Invalid grant: account not found): ${hint}`,
    ]);
    const expired = await run(
      ["--name", "x", "--zone", "us-central1-a", "--project", "demo", "--token", "ya29.expired", "--endpoint", gce.url, "-"],
      butane("x"),
    );
    expect(expired.code).toBe(1);
    expect(errors(expired.stderr)).toEqual([
      `Error: creating instance x in us-central1-a: the access token was refused (HTTP 401: Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.); it may have expired: ${hint}`,
    ]);
    expect(gce.instances.size).toBe(0);
  });

  test("--zone is required, and the project must be known", async () => {
    const noZone = await run(["--name", "x", "--project", "demo", "--token", TOKEN, "--endpoint", gce.url, "-"], butane("x"));
    expect(noZone).toMatchObject({ code: 1, stdout: "" });
    expect(noZone.stderr).toContain("Error: give the --zone to launch in (us-central1-a, europe-west1-b, …)\n");
    const noProject = await run(["--name", "x", "--zone", "us-central1-a", "--token", TOKEN, "--endpoint", gce.url, "-"], butane("x"));
    expect(noProject.code).toBe(1);
    expect(noProject.stderr).toContain("Error: give the --project (or set GOOGLE_CLOUD_PROJECT)\n");
    const badLabel = await run([...common("x"), "--label", "Team", "-"], butane("x"));
    expect(badLabel.stderr).toContain('Error: invalid argument "Team" for --label: KEY=VALUE');
  });
});
