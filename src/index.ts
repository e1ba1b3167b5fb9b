/**
 * kindling as a library. Everything the CLI does is a call here; nothing in
 * this module touches the process.
 */
export type { Diagnostic, PathElement, Severity, Span } from "./diagnostics/diagnostic.js";
export type { Code } from "./diagnostics/catalogue/index.js";
export { formatPath, hasErrors } from "./diagnostics/diagnostic.js";
export { renderRaw, renderRawReport } from "./diagnostics/render-raw.js";
export { transpile, type TranspileOptions, type TranspileResult } from "./transpile.js";
export { renderPrettyReport } from "./diagnostics/render-pretty.js";
export { validateIgnition, checkConfig, type ValidateResult } from "./ignition/validate.js";
export { validateCloudConfig } from "./validate-cloud-config/validate.js";
export { userDataKind, type UserDataKind } from "./validate-cloud-config/header.js";
export { mergeConfigs } from "./ignition/merge.js";
export { convertConfig, type ConvertResult } from "./ignition/convert.js";
export { loadSpec, type SpecSchema } from "./ignition/schema.js";
export { SPEC_VERSIONS, LATEST_STABLE, type SpecVersion } from "./ignition/versions.js";
export type { ConfigValue } from "./ignition/decode.js";
export type * from "./ignition/types.generated.js";
export { reportProblems, type Report, type StoredReport } from "./verify/report.js";
export { reportKey, signReport } from "./verify/report-signature.js";
export { checkTree, type Check } from "./verify/tree.js";
export { expectationsOf, type Expectation, type Probe } from "./verify/expectations.js";
export { evaluate } from "./verify/evaluate.js";
export { withAgent, type AgentSettings } from "./verify/agent.js";
export { startServer, type ServeOptions, type RunningServer } from "./deliver/pxe/server.js";
export type { Store } from "./deliver/pxe/store/store.js";
export { DirectoryStore } from "./deliver/pxe/store/directory.js";
export { EtcdStore, type EtcdStoreOptions } from "./deliver/pxe/store/etcd.js";
export { MemoryStore } from "./deliver/pxe/store/memory.js";
