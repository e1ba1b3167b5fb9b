/**
 * Butane's config shapes. A Butane base schema is the Ignition spec it
 * targets with snake_case keys, `ignition.version` replaced by the top-level
 * `variant` and `version`, plus the sugar Butane adds (inline/local
 * resources, mount units, trees, boot_device, grub …). So the shapes are
 * derived from the Ignition schemas and a short table of additions per base
 * and variant, never written out twice.
 */
import type { FieldInfo, FieldKind, SpecSchema, StructInfo } from "../ignition/schema.js";
import { loadSpec } from "../ignition/schema.js";
import { BASE_IGNITION, type BaseVersion, type ButaneSpec, baseAtLeast, versionAtLeast } from "./registry.js";

export interface ButaneField extends FieldInfo {
  /** The Ignition field this one translates to (absent for sugar). */
  ignition?: string;
}

export interface ButaneStruct extends StructInfo {
  fields: ButaneField[];
  byName: Map<string, ButaneField>;
}

export interface ButaneSchema {
  spec: ButaneSpec;
  ignition: SpecSchema;
  root: ButaneStruct;
  structs: Map<string, ButaneStruct>;
}

/** `sizeMiB` → `size_mib`, `httpHeaders` → `http_headers`. */
export function snakeCase(name: string): string {
  return name.replace(/MiB/g, "Mib").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

interface FieldOptions {
  pointer?: boolean;
  struct?: string;
  elem?: FieldKind;
  elemStruct?: string;
}
function field(name: string, kind: FieldKind, o: FieldOptions = {}): ButaneField {
  const f: ButaneField = {
    name,
    kind,
    goType: "",
    pointer: o.pointer ?? (kind !== "slice" && kind !== "struct" && kind !== "map"),
    omitempty: true,
  };
  if (o.struct) f.struct = o.struct;
  if (kind === "slice") {
    f.elem = {
      name,
      kind: o.elem ?? "string",
      goType: "",
      pointer: false,
      omitempty: true,
      ...(o.elemStruct ? { struct: o.elemStruct } : {}),
    };
    if (o.elemStruct) f.struct = o.elemStruct;
  }
  return f;
}
const str = (name: string, pointer = true) => field(name, "string", { pointer });
const int = (name: string) => field(name, "int");
const bool = (name: string, pointer = true) => field(name, "bool", { pointer });
const strings = (name: string) => field(name, "slice");
const sub = (name: string, struct: string) => field(name, "struct", { struct });
const list = (name: string, struct: string) => field(name, "slice", { elem: "struct", elemStruct: struct });

function newStruct(name: string, fields: ButaneField[]): ButaneStruct {
  return { name, goName: name, fields, byName: new Map(fields.map((f) => [f.name, f])), ignoreDups: new Set(), mergedKeys: new Map() };
}

function insert(s: ButaneStruct, f: ButaneField, after?: string): void {
  const i = after ? s.fields.findIndex((x) => x.name === after) : -1;
  if (i >= 0) s.fields.splice(i + 1, 0, f);
  else s.fields.push(f);
  s.byName.set(f.name, f);
}

function fromIgnition(info: StructInfo): ButaneStruct {
  const fields: ButaneField[] = info.fields.map((f) => ({
    ...f,
    name: snakeCase(f.name),
    ignition: f.name,
    ...(f.elem ? { elem: { ...f.elem, name: snakeCase(f.elem.name) } } : {}),
  }));
  return { ...info, fields, byName: new Map(fields.map((f) => [f.name, f])) };
}

const since = baseAtLeast;

/** The sugar each base version adds to the Ignition shapes. */
function addBaseSugar(base: BaseVersion, structs: Map<string, ButaneStruct>): void {
  const s = (name: string) => structs.get(name)!;
  if (base === "v0_1") {
    insert(s("FileContents"), str("inline"), "source");
    return;
  }
  insert(s("Resource"), str("inline"), "source");
  insert(s("Resource"), str("local"), "inline");
  insert(s("Filesystem"), bool("with_mount_unit"));
  const tree = newStruct("Tree", [str("local", false), str("path")]);
  if (since(base, "v0_7")) {
    insert(tree, sub("group", "NodeGroup"));
    tree.fields.unshift(tree.fields.pop()!);
    insert(tree, sub("user", "NodeUser"), "path");
    insert(tree, int("file_mode"), "user");
    insert(tree, int("dir_mode"), "file_mode");
  }
  structs.set("Tree", tree);
  insert(s("Storage"), list("trees", "Tree"));
  if (since(base, "v0_5")) {
    insert(s("Unit"), str("contents_local"), "contents");
    insert(s("Dropin"), str("contents_local"), "contents");
    insert(s("PasswdUser"), strings("ssh_authorized_keys_local"), "ssh_authorized_keys");
  }
  if (since(base, "v0_8_exp")) {
    structs.set(
      "Quadlet",
      newStruct("Quadlet", [str("contents"), str("contents_local"), str("name", false), bool("rootful", false), list("dropins", "Dropin")]),
    );
    insert(s("Systemd"), list("quadlets", "Quadlet"));
  }
}

/** boot_device (fcos 1.3+) and grub (fcos 1.5+), shared by fcos and openshift. */
function addFcosSugar(fcos: string, structs: Map<string, ButaneStruct>, root: ButaneStruct): void {
  if (versionAtLeast(fcos, "1.3.0")) {
    const luks: ButaneField[] = [];
    if (versionAtLeast(fcos, "1.6.0")) luks.push(sub("cex", "Cex"), str("device"));
    if (versionAtLeast(fcos, "1.5.0")) luks.push(bool("discard"));
    luks.push(list("tang", "Tang"), int("threshold"), bool("tpm2"));
    structs.set("BootDeviceLuks", newStruct("BootDeviceLuks", luks));
    structs.set("BootDeviceMirror", newStruct("BootDeviceMirror", [strings("devices")]));
    structs.set("BootDevice", newStruct("BootDevice", [str("layout"), sub("luks", "BootDeviceLuks"), sub("mirror", "BootDeviceMirror")]));
    insert(root, sub("boot_device", "BootDevice"));
  }
  if (versionAtLeast(fcos, "1.5.0")) {
    structs.set("GrubUser", newStruct("GrubUser", [str("name", false), str("password_hash")]));
    structs.set("Grub", newStruct("Grub", [list("users", "GrubUser")]));
    insert(root, sub("grub", "Grub"));
  }
}

function addOpenshiftSugar(structs: Map<string, ButaneStruct>, root: ButaneStruct): void {
  structs.set("Metadata", newStruct("Metadata", [str("name", false), field("labels", "map")]));
  structs.set("OpenShift", newStruct("OpenShift", [strings("extensions"), bool("fips"), strings("kernel_arguments"), str("kernel_type")]));
  insert(root, sub("metadata", "Metadata"), "variant");
  insert(root, sub("openshift", "OpenShift"), "metadata");
}

const cache = new Map<string, ButaneSchema>();

export function butaneSchema(spec: ButaneSpec): ButaneSchema {
  const cacheKey = `${spec.variant}-${spec.version}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const ignition = loadSpec(BASE_IGNITION[spec.base]);
  const structs = new Map<string, ButaneStruct>();
  for (const [name, info] of ignition.structs) structs.set(name, fromIgnition(info));
  // ignition.version moves to the top level, next to variant.
  const ign = structs.get("Ignition")!;
  ign.fields = ign.fields.filter((f) => f.name !== "version");
  ign.byName.delete("version");
  const root = structs.get(ignition.root.name)!;
  root.fields.unshift(str("version", false), str("variant", false));
  root.byName.set("version", root.fields[0]);
  root.byName.set("variant", root.fields[1]);
  addBaseSugar(spec.base, structs);
  if (spec.fcos) addFcosSugar(spec.fcos, structs, root);
  if (spec.variant === "openshift") addOpenshiftSugar(structs, root);
  const schema = { spec, ignition, root, structs };
  cache.set(cacheKey, schema);
  return schema;
}
