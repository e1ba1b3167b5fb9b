/**
 * etcd's TLS material, made at render time: a CA for the cluster and, per
 * node, a server and a peer certificate (ECDSA P-256 with SHA-256) naming
 * the node's name, address, localhost and 127.0.0.1, each good for
 * serverAuth and clientAuth (the node's flanneld, etcdctl and locksmith use
 * the server certificate as their client certificate). node:crypto makes
 * the keys and the signatures; der.ts writes the certificate around them,
 * so making them stays synchronous and needs no library. Keys are PKCS#8
 * PEM; nothing here logs them. Output is not deterministic (fresh keys,
 * serials, dates); the CA key is dropped once the nodes' certificates are signed.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import type { ClusterNode } from "./cluster.js";
import {
  bitString,
  boolean,
  type Der,
  explicit,
  implicit,
  ipBytes,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from "./der.js";

/** One node's certificates and keys, PEM. */
export interface NodeTls {
  cert: string;
  key: string;
  peerCert: string;
  peerKey: string;
}

/** The cluster's CA certificate and each node's material, by node name. */
export interface ClusterTls {
  ca: string;
  nodes: Map<string, NodeTls>;
}

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  organizationalUnit: "2.5.4.11",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};
const YEAR_MS = 365 * 24 * 3600 * 1000;

const name = (parts: [string, string][]): Der => sequence(...parts.map(([type, value]) => set(sequence(oid(type), utf8String(value)))));
const extension = (id: string, critical: boolean, value: Der): Der =>
  critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));

/** RFC 5280's method 1: SHA-1 of the public key's bits (the uncompressed EC point). */
function keyId(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return createHash("sha1").update(point).digest();
}

function serial(): Der {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return unsignedInteger(bytes);
}

interface Issued {
  der: Der;
  subject: Der;
}

/** Signs a v3 certificate for `publicKey` with `signingKey`. */
function certificate(opts: {
  subject: Der;
  issuer: Der;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Der[];
}): Issued {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    serial(),
    algorithm,
    opts.issuer,
    sequence(time(opts.notBefore), time(opts.notAfter)),
    opts.subject,
    opts.publicKey.export({ format: "der", type: "spki" }),
    explicit(3, sequence(...opts.extensions)),
  );
  const signature = sign("sha256", tbs, opts.signingKey);
  return { der: sequence(tbs, algorithm, bitString(signature)), subject: opts.subject };
}

const pem = (der: Buffer, label: string) =>
  `-----BEGIN ${label}-----\n${der
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n")}\n-----END ${label}-----\n`;
const newKeys = () => generateKeyPairSync("ec", { namedCurve: "P-256" });

/** Makes the CA and each node's server and peer certificates; valid from an hour ago for ten years. */
export function makeClusterTls(clusterName: string, nodes: readonly ClusterNode[]): ClusterTls {
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600 * 1000);
  const notAfter = new Date(notBefore.getTime() + 10 * YEAR_MS);
  const caKeys = newKeys();
  const caSubject = name([
    [OID.organization, "kindling"],
    [OID.commonName, `${clusterName} etcd CA`],
  ]);
  const caKeyId = keyId(caKeys.publicKey);
  const ca = certificate({
    subject: caSubject,
    issuer: caSubject,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true), smallInteger(0))),
      // keyCertSign (5), cRLSign (6), digitalSignature (0): 1000 0110, one unused bit.
      extension(OID.keyUsage, true, bitString(Buffer.from([0x86]), 1)),
      extension(OID.subjectKeyIdentifier, false, octetString(caKeyId)),
    ],
  });

  const issue = (node: ClusterNode, role: "server" | "peer") => {
    const keys = newKeys();
    const cert = certificate({
      subject: name([
        [OID.organization, "kindling"],
        [OID.organizationalUnit, `etcd ${role}`],
        [OID.commonName, node.name],
      ]),
      issuer: caSubject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore,
      notAfter,
      extensions: [
        extension(OID.basicConstraints, true, sequence()),
        // digitalSignature (0), keyEncipherment (2): 1010 0000, five unused bits.
        extension(OID.keyUsage, true, bitString(Buffer.from([0xa0]), 5)),
        extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
        extension(
          OID.subjectAltName,
          false,
          sequence(
            implicit(2, Buffer.from(node.name, "ascii")),
            implicit(2, Buffer.from("localhost", "ascii")),
            implicit(7, ipBytes(node.ip)),
            implicit(7, ipBytes("127.0.0.1")),
          ),
        ),
        extension(OID.subjectKeyIdentifier, false, octetString(keyId(keys.publicKey))),
        extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, caKeyId))),
      ],
    });
    return { cert: pem(cert.der, "CERTIFICATE"), key: keys.privateKey.export({ format: "pem", type: "pkcs8" }) as string };
  };

  const out: ClusterTls = { ca: pem(ca.der, "CERTIFICATE"), nodes: new Map() };
  for (const node of nodes) {
    const server = issue(node, "server");
    const peer = issue(node, "peer");
    out.nodes.set(node.name, { cert: server.cert, key: server.key, peerCert: peer.cert, peerKey: peer.key });
  }
  return out;
}

/** Where a node's material is written beside the rendered configs (relative paths), keys 0600. */
export function tlsSecrets(tls: ClusterTls, node: ClusterNode): { path: string; contents: string; mode: number }[] {
  const mine = tls.nodes.get(node.name)!;
  return [
    { path: "tls/ca.pem", contents: tls.ca, mode: 0o644 },
    { path: `tls/${node.name}/server.pem`, contents: mine.cert, mode: 0o644 },
    { path: `tls/${node.name}/server-key.pem`, contents: mine.key, mode: 0o600 },
    { path: `tls/${node.name}/peer.pem`, contents: mine.peerCert, mode: 0o644 },
    { path: `tls/${node.name}/peer-key.pem`, contents: mine.peerKey, mode: 0o600 },
  ];
}
