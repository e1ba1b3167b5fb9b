/** kindling's version (package.json's, which a test keeps equal) and what it is compatible with. */
export const KINDLING_VERSION = "0.1.0";

export const VERSION_LINE = `kindling ${KINDLING_VERSION} (Butane v0.29.0, ignition-validate v2.26.0 compatible)`;
