// Values that tend to break config readers: integer and float edges, YAML's
// type-guessing words, paths and URLs at the edge of validity, unit names,
// hashes, control characters, and names of files in the fuzz files
// directory (test/fixtures/fuzz-files) for `local` fields.

export const NUMBERS = [
  "0", "-0", "1", "-1", "7", "0644", "0755", "01777", "0o644", "0x1ff", "0b101", "1_000", "+1", "1.", ".5", "1e3", "1E+3", "-1e-3",
  "127", "128", "255", "256", "511", "512", "4095", "4096", "65535", "65536",
  "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
  "9007199254740991", "9007199254740992", "9007199254740993",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
  "18446744073709551615", "18446744073709551616", "99999999999999999999999999999999999999",
  "1e308", "1e309", "1e400", "-1e400", "5e-324", "4.9e-325", ".inf", "-.inf", ".nan", ".NaN", "1.5", "0.0",
];

export const WORDS = ["true", "false", "yes", "no", "on", "off", "y", "n", "True", "FALSE", "null", "~", "Null", "NULL", ""];

export const PATHS = [
  "/", "", "/etc/x", "etc/x", "/etc/../x", "/etc/./x", "/etc//x", "/etc/x/", "/..", "/a/b/c/d/e/f/g", "/dev/sda", "/dev/disk/by-id/x",
  "/dev/disk/by-partlabel/root", "/var/lib/kindling/report.json", "/etc/kindling/verify.sh", "/etc/systemd/system/x.service",
  "/usr/x", "/etc/coreos/update.conf", "/home/core/.ssh/authorized_keys", "/etc/hostname", "/a b", "/a\tb", "/a\nb", "/a'b", '/a"b',
  "/a$(id)b", "/a`id`b", "/a\\b", "/ü", "/\u202e", "/" + "a".repeat(300), "/x\u0000y", "\u0000", "-", "--", "/-", "*", "/etc/*",
];

export const URLS = [
  "data:,", "data:,hello", "data:;base64,aGVsbG8=", "data:;base64,!!!", "data:text/plain;charset=utf-8,%E2%82%AC", "data:,%zz",
  "data:", "data:;base64", "http://example.com/x", "https://example.com/x?y=1#z", "http://[::1]:80/", "http://[::1", "http://%zz",
  "https://", "s3://bucket/key", "s3://", "gs://b/o", "gs:///", "tftp://192.0.2.1/x", "arn:aws:s3:::bucket/key",
  "arn:aws:s3:us-east-1:123:accesspoint/ap/object/k", "arn:", "file:///etc/passwd", "ftp://x", "x:", ":", "//x", "http://a b",
];

export const UNITS = [
  "a.service", "a.mount", "a.socket", "a.timer", "a@.service", "a@b.service", "x", ".service", "a.conf", "var-lib.mount", "-.mount",
  "a b.service", "a/b.service", "a\u0000.service", "multi-user.target",
];

export const CONTENTS = [
  "[Unit]\nDescription=x\n", "[Unit]\nDescription=x\n[Install]\nWantedBy=multi-user.target\n", "[Service]\nExecStart=/bin/true\n",
  "[Unit", "Key=Value\n", "[Install]\n", "#!/bin/sh\necho hi\n", "a\u0000b", "\u0000", "\r\n", "line\\\ncontinued\n",
  "x".repeat(5000), "[Service]\n" + "Environment=A=B\n".repeat(200),
];

export const STRINGS = [
  "", " ", "a", "core", "root", "wheel", "ssh-ed25519 AAAA x@y", "ssh-rsa AAAAB3NzaC1yc2E=", "$6$salt$hash", "*", "sha512-" + "0".repeat(128),
  "sha256-" + "a".repeat(64), "sha512-x", "md5-x", "gzip", "gz", "xz", "null", "none", "xfs", "ext4", "vfat", "swap", "btrfs", "raid1",
  "raid0", "linear", "tpm2", "tang", "sss", "dm-crypt", "luks2", "discard", "-O", "--", "label:with:colons", "ROOT", "root",
  "'", '"', "\\", "\\n", "\\u0000", "%s%s%n", "${HOME}", "{{x}}", "{{", "$(reboot)", "`reboot`", "; reboot", "a\nb", "a\rb", "\t",
  "\u00ff", "\u{10ffff}", "\ud800", "\ufeff", "\ufeffx", "\u2028", "\u0085", "\u001b[31m", "\u0000", "a\u0000b", "\u0007",
  "0xdeadbeef", "52:54:00:12:34:56", "01234567-89ab-cdef-0123-456789abcdef", "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "x".repeat(300),
  "key.pub", "data.txt", "tree", "tree/sub", "tree/sub/b.sh", "..", "../x", "/abs", "nonexistent", "webserver-files/site.conf",
  "webserver-files/www", ".", "3.0.0", "3.6.0", "3.7.0-experimental", "1.6.0", "fcos", "flatcar", "openshift", "master", "worker",
];

export const IGNITION_VERSIONS = [
  "3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0", "3.5.0", "3.6.0", "3.7.0-experimental",
  "3.6.0-experimental", "3.7.0", "3.8.0", "2.2.0", "3.0", "3.0.0+x", "03.0.0", "", "x",
];

/** YAML and JSON syntax pieces for byte-level insertion. */
export const TOKENS = [
  ": ", "- ", "-", "? ", ":", ",", "[", "]", "{", "}", "[]", "{}", "&a ", "*a", "&a", "!!str ", "!!int ", "!!binary ", "!!bool ",
  "!!null ", "!!map ", "!!seq ", "!!float ", "!<tag:x> ", "!x ", "|", "|-", "|+", ">", ">-", "|2", "---\n", "...\n", "%YAML 1.1\n",
  "%YAML 1.2\n", "%TAG ! tag:x:\n", "#", " #", "\t", "\n", "\r\n", "\r", "  ", '"', "'", "\\", "\\u", "\\x", "\\U0010FFFF", "<<: ",
  "<<: *a", "null", "true", "1e999", "\"\\ud800\"", "\"\\u0000\"", "0x", "=", "\u0085", "\u2028", "\ufeff",
];
