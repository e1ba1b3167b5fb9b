/**
 * kindling as a library. Everything the CLI does is a call here; nothing in
 * this module touches the process.
 */

export { type RunningServer, type ServeOptions, startServer } from "./deliver/pxe/server.js";
export { DirectoryStore } from "./deliver/pxe/store/directory.js";
export { EtcdStore, type EtcdStoreOptions } from "./deliver/pxe/store/etcd.js";
export { MemoryStore } from "./deliver/pxe/store/memory.js";
export type { Store } from "./deliver/pxe/store/store.js";
export type { Code } from "./diagnostics/catalogue/index.js";
export type { Diagnostic, PathElement, Severity, Span } from "./diagnostics/diagnostic.js";
export { formatPath, hasErrors } from "./diagnostics/diagnostic.js";
export { renderPrettyReport } from "./diagnostics/render-pretty.js";
export { renderRaw, renderRawReport } from "./diagnostics/render-raw.js";
export { type ConvertResult, convertConfig } from "./ignition/convert.js";
export type { ConfigValue } from "./ignition/decode.js";
export { mergeConfigs } from "./ignition/merge.js";
export { loadSpec, type SpecSchema } from "./ignition/schema.js";
export type * from "./ignition/types.generated.js";
export { checkConfig, type ValidateResult, validateIgnition } from "./ignition/validate.js";
export { LATEST_STABLE, SPEC_VERSIONS, type SpecVersion } from "./ignition/versions.js";
export { type TranspileOptions, type TranspileResult, transpile } from "./transpile.js";
export { type UserDataKind, userDataKind } from "./validate-cloud-config/header.js";
export { validateCloudConfig } from "./validate-cloud-config/validate.js";
export { type AgentSettings, withAgent } from "./verify/agent.js";
export { evaluate } from "./verify/evaluate.js";
export { type Expectation, expectationsOf, type Probe } from "./verify/expectations.js";
export { type Report, reportProblems, type StoredReport } from "./verify/report.js";
export { reportKey, signReport } from "./verify/report-signature.js";
export { type Check, checkTree } from "./verify/tree.js";
