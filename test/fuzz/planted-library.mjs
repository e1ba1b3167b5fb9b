// The real library with a planted crash, hang and death, for testing the
// fuzzer itself (scripts/fuzz.mjs --library): transpile throws on any input
// holding a NUL byte; validateCloudConfig never returns for inputs whose
// length is a multiple of 7; validateIgnition ends its thread on the input
// "die" (as running out of memory would).
import { loadLibrary as loadReal } from "../../scripts/fuzz/library.mjs";

const holdsNul = (input) => (typeof input === "string" ? input.includes("\u0000") : input.includes(0));

export async function loadLibrary(root) {
  const L = await loadReal(root);
  const lib = { ...L.lib };
  lib.transpile = function plantedTranspile(input, options) {
    if (holdsNul(input)) throw new Error("planted crash");
    return L.lib.transpile(input, options);
  };
  lib.validateCloudConfig = function plantedValidate(input) {
    if (input.length % 7 === 0) for (;;);
    return L.lib.validateCloudConfig(input);
  };
  lib.validateIgnition = function plantedValidateIgnition(input) {
    if (Buffer.from(input).toString() === "die") process.exit(7);
    return L.lib.validateIgnition(input);
  };
  return { ...L, lib };
}
