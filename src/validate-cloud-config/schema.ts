/**
 * The key tree coreos-cloudinit accepts in a `#cloud-config` document, as data:
 * each key's type, the `valid:` pattern its value must match and the
 * `deprecated:` reason it carries. The facts (key names, types, patterns,
 * reasons) come from coreos-cloudinit's struct tags (config/*.go, last
 * release); the etcd2 and fleet field lists are those of its final versions.
 *
 * Keys are written with `_`: coreos-cloudinit turns every `-` in a key into
 * `_` before comparing, so `reboot-strategy` and `reboot_strategy` are the
 * same key.
 */

export type ScalarType = "string" | "int" | "float64" | "bool";

export type FieldType =
  | { kind: ScalarType }
  | { kind: "struct"; fields: Readonly<Record<string, Field>> }
  | { kind: "slice"; elem: FieldType };

export interface Field {
  type: FieldType;
  /** The value (its YAML text) must match this, unless it is empty. */
  valid?: RegExp;
  /** Why the key should no longer be used. */
  deprecated?: string;
}

const str = (valid?: RegExp): Field => (valid ? { type: { kind: "string" }, valid } : { type: { kind: "string" } });
const int: Field = { type: { kind: "int" } };
const float: Field = { type: { kind: "float64" } };
const bool: Field = { type: { kind: "bool" } };
const struct = (fields: Record<string, Field>): Field => ({ type: { kind: "struct", fields } });
const slice = (elem: Field): Field => ({ type: { kind: "slice", elem: elem.type } });
const deprecated = (field: Field, reason: string): Field => ({ ...field, deprecated: reason });

const ETCD2_ONLY = "etcd2 options no longer work for etcd";
const REMOTE_KEYS = "trying to fetch from a remote endpoint introduces too many intermittent errors";

const etcd = struct({
  addr: str(),
  advertise_client_urls: deprecated(str(), ETCD2_ONLY),
  bind_addr: str(),
  ca_file: str(),
  cert_file: str(),
  cluster_active_size: int,
  cluster_remove_delay: float,
  cluster_sync_interval: float,
  cors: str(),
  data_dir: str(),
  discovery: str(),
  discovery_fallback: deprecated(str(), ETCD2_ONLY),
  discovery_srv: deprecated(str(), ETCD2_ONLY),
  discovery_proxy: deprecated(str(), ETCD2_ONLY),
  election_timeout: deprecated(int, ETCD2_ONLY),
  force_new_cluster: deprecated(bool, ETCD2_ONLY),
  graphite_host: str(),
  heartbeat_interval: deprecated(int, ETCD2_ONLY),
  http_read_timeout: float,
  http_write_timeout: float,
  initial_advertise_peer_urls: deprecated(str(), ETCD2_ONLY),
  initial_cluster: deprecated(str(), ETCD2_ONLY),
  initial_cluster_state: deprecated(str(), ETCD2_ONLY),
  initial_cluster_token: deprecated(str(), ETCD2_ONLY),
  key_file: str(),
  listen_client_urls: deprecated(str(), ETCD2_ONLY),
  listen_peer_urls: deprecated(str(), ETCD2_ONLY),
  max_result_buffer: int,
  max_retry_attempts: int,
  max_snapshots: deprecated(int, ETCD2_ONLY),
  max_wals: deprecated(int, ETCD2_ONLY),
  name: str(),
  peer_addr: str(),
  peer_bind_addr: str(),
  peer_ca_file: str(),
  peer_cert_file: str(),
  peer_election_timeout: int,
  peer_heartbeat_interval: int,
  peer_key_file: str(),
  peers: str(),
  peers_file: str(),
  proxy: deprecated(str(), ETCD2_ONLY),
  retry_interval: float,
  snapshot: bool,
  snapshot_count: int,
  trace: str(),
  verbose: bool,
  very_verbose: bool,
  very_very_verbose: bool,
});

const etcd2 = struct({
  advertise_client_urls: str(),
  ca_file: deprecated(str(), "ca_file obsoleted by trusted_ca_file and client_cert_auth"),
  cert_file: str(),
  client_cert_auth: bool,
  cors: str(),
  data_dir: str(),
  debug: bool,
  discovery: str(),
  discovery_fallback: str(),
  discovery_srv: str(),
  discovery_proxy: str(),
  election_timeout: int,
  enable_pprof: bool,
  force_new_cluster: bool,
  heartbeat_interval: int,
  initial_advertise_peer_urls: str(),
  initial_cluster: str(),
  initial_cluster_state: str(),
  initial_cluster_token: str(),
  key_file: str(),
  listen_client_urls: str(),
  listen_peer_urls: str(),
  log_package_levels: str(),
  max_snapshots: int,
  max_wals: int,
  name: str(),
  peer_ca_file: deprecated(str(), "peer_ca_file obsoleted peer_trusted_ca_file and peer_client_cert_auth"),
  peer_cert_file: str(),
  peer_key_file: str(),
  peer_client_cert_auth: bool,
  peer_trusted_ca_file: str(),
  proxy: str(/^(on|off|readonly)$/),
  proxy_dial_timeout: int,
  proxy_failure_wait: int,
  proxy_read_timeout: int,
  proxy_refresh_interval: int,
  proxy_write_timeout: int,
  snapshot_count: int,
  strict_reconfig_check: bool,
  trusted_ca_file: str(),
  wal_dir: str(),
});

const flannel = struct({
  etcd_endpoints: str(),
  etcd_cafile: str(),
  etcd_certfile: str(),
  etcd_keyfile: str(),
  etcd_prefix: str(),
  etcd_username: str(),
  etcd_password: str(),
  ip_masq: str(),
  subnet_file: str(),
  interface: str(),
  public_ip: str(),
});

const fleet = struct({
  agent_ttl: str(),
  authorized_keys_file: str(),
  disable_engine: bool,
  engine_reconcile_interval: float,
  etcd_cafile: str(),
  etcd_certfile: str(),
  etcd_keyfile: str(),
  etcd_key_prefix: str(),
  etcd_request_timeout: float,
  etcd_servers: str(),
  etcd_username: str(),
  etcd_password: str(),
  metadata: str(),
  public_ip: str(),
  token_limit: int,
  verbosity: int,
  verify_units: bool,
});

/**
 * Go's pattern starts with `(?i:sun|mon|...)`, an inline case-insensitive
 * group Node 20 cannot parse; the day names are spelled out case by case.
 */
const DAY = "[sS][uU][nN]|[mM][oO][nN]|[tT][uU][eE]|[wW][eE][dD]|[tT][hH][uU]|[fF][rR][iI]|[sS][aA][tT]";

const locksmith = struct({
  endpoint: str(),
  etcd_cafile: str(),
  etcd_certfile: str(),
  etcd_keyfile: str(),
  etcd_username: str(),
  etcd_password: str(),
  group: str(),
  window_start: str(new RegExp(`^((?:${DAY}) )?0*([0-9]|1[0-9]|2[0-3]):0*([0-9]|[1-5][0-9])$`)),
  window_length: str(/^[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+$/),
});

const oem = struct({
  id: str(),
  name: str(),
  version_id: str(),
  home_url: str(),
  bug_report_url: str(),
});

const update = struct({
  reboot_strategy: str(/^(best-effort|etcd-lock|reboot|off)$/),
  group: str(),
  server: str(),
});

const unit = struct({
  name: str(),
  mask: bool,
  enable: bool,
  runtime: bool,
  content: str(),
  command: str(/^(start|stop|restart|reload|try-restart|reload-or-restart|reload-or-try-restart)$/),
  drop_ins: slice(struct({ name: str(), content: str() })),
});

const file = struct({
  encoding: str(/^(base64|b64|gz|gzip|gz\+base64|gzip\+base64|gz\+b64|gzip\+b64)$/),
  content: str(),
  owner: str(),
  path: str(),
  permissions: str(/^0?[0-7]{3,4}$/),
});

const user = struct({
  name: str(),
  passwd: str(),
  ssh_authorized_keys: slice(str()),
  coreos_ssh_import_github: deprecated(str(), REMOTE_KEYS),
  coreos_ssh_import_github_users: deprecated(slice(str()), REMOTE_KEYS),
  coreos_ssh_import_url: deprecated(str(), REMOTE_KEYS),
  gecos: str(),
  homedir: str(),
  no_create_home: bool,
  primary_group: str(),
  groups: slice(str()),
  no_user_group: bool,
  system: bool,
  no_log_init: bool,
  shell: str(),
});

/** The whole document: coreos-cloudinit's `CloudConfig`. */
export const CLOUD_CONFIG: Field = struct({
  ssh_authorized_keys: slice(str()),
  coreos: struct({ etcd, etcd2, flannel, fleet, locksmith, oem, update, units: slice(unit) }),
  write_files: slice(file),
  hostname: str(),
  users: slice(user),
  manage_etc_hosts: str(),
});

/** The type as coreos-cloudinit names it in messages: `string`, `[]struct`, ... */
export function humanType(t: FieldType): string {
  return t.kind === "slice" ? "[]" + humanType(t.elem) : t.kind;
}
