/**
 * etcd as a container (Fedora CoreOS with podman, Flatcar with docker): the
 * command that runs the member from /etc/etcd/etcd.env, with its data
 * directory and, when TLS is on, its certificates mounted at the same paths.
 */
import type { Cluster } from "./check.js";
import { ETCD_DATA_DIR, ETCD_ENV_FILE, ETCD_TLS_DIR } from "./etcd.js";

export const ETCD_CONTAINER = "etcd-member";

export function etcdContainerRun(cluster: Cluster, runtime: "podman" | "docker"): string {
  const volumes = [`--volume ${ETCD_DATA_DIR}:${ETCD_DATA_DIR}:z`];
  if (cluster.tls) volumes.push(`--volume ${ETCD_TLS_DIR}:${ETCD_TLS_DIR}:ro,z`);
  return [
    `/usr/bin/${runtime} run --name ${ETCD_CONTAINER} --rm --net=host --env-file ${ETCD_ENV_FILE}`,
    ...volumes,
    cluster.image,
    "/usr/local/bin/etcd",
  ].join(" ");
}
