// The TLS material: a CA that signs each node's server and peer certificate,
// with the node's name and address as SANs, keys as PKCS#8 PEM (checked with
// node:crypto's own X509Certificate, independent of the library that made them).
import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ipBytes } from "../../src/cluster/der.js";
import { makeClusterTls, tlsSecrets } from "../../src/cluster/tls.js";

const nodes = [
  { name: "core-01", ip: "172.17.8.101", index: 1 },
  { name: "core-02", ip: "172.17.8.102", index: 2 },
  { name: "core-03", ip: "172.17.8.103", index: 3 },
];

describe("makeClusterTls", () => {
  const tls = makeClusterTls("lab", nodes);
  const ca = new X509Certificate(tls.ca);

  it("makes a self-signed CA", () => {
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.subject).toContain("CN=lab etcd CA");
  });

  it.each(nodes)("signs $name's server and peer certificates with its name and address", (node) => {
    const mine = tls.nodes.get(node.name)!;
    for (const [pem, keyPem] of [
      [mine.cert, mine.key],
      [mine.peerCert, mine.peerKey],
    ] as const) {
      const cert = new X509Certificate(pem);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.subjectAltName).toBe(`DNS:${node.name}, DNS:localhost, IP Address:${node.ip}, IP Address:127.0.0.1`);
      expect(cert.checkHost(node.name)).toBe(node.name);
      expect(cert.checkIP(node.ip)).toBe(node.ip);
      expect(cert.keyUsage).toEqual(expect.arrayContaining(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]));
      const key = createPrivateKey(keyPem);
      expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(cert.checkPrivateKey(key)).toBe(true);
    }
  });

  it("lists the secrets with keys 0600 and certificates 0644", () => {
    const secrets = tlsSecrets(tls, nodes[1]!);
    expect(secrets.map((s) => [s.path, s.mode.toString(8)])).toEqual([
      ["tls/ca.pem", "644"],
      ["tls/core-02/server.pem", "644"],
      ["tls/core-02/server-key.pem", "600"],
      ["tls/core-02/peer.pem", "644"],
      ["tls/core-02/peer-key.pem", "600"],
    ]);
  });
});

describe("ipBytes", () => {
  it.each([
    ["172.17.8.101", "ac110865"],
    ["fd00::8:101", "fd000000000000000000000000080101"],
    ["::1", "00000000000000000000000000000001"],
    ["::ffff:10.0.0.1", "00000000000000000000ffff0a000001"],
  ])("%s", (ip, hex) => {
    expect(ipBytes(ip).toString("hex")).toBe(hex);
  });
});
