// KVM or TCG for the e2e guest: TCG (software emulation) unless
// KINDLING_E2E_ACCEL=kvm asks for KVM. /dev/kvm can exist, open, and still be
// useless (nested virtualisation here ran the guest kernel at a crawl), and
// judging it by how fast a probe runs would make the test's path depend on
// the machine's load; software emulation boots the guest in about 11 s.
export type Accel = "kvm" | "tcg";

export function chooseAccel(): Accel {
  const asked = process.env.KINDLING_E2E_ACCEL ?? "tcg";
  if (asked === "kvm" || asked === "tcg") return asked;
  throw new Error(`KINDLING_E2E_ACCEL must be kvm or tcg, not ${asked}`);
}
