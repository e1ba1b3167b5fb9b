// The lab's private network for multi-node boots: a learning Ethernet switch
// in this process. Each guest's lab NIC is a qemu `dgram` netdev that sends
// every frame as one UDP datagram to the switch's port on 127.0.0.1; the
// switch learns which port each source MAC came from and forwards a frame
// to its destination's port, or to every other port when the destination is
// unknown, broadcast or multicast. Frames reach only the guests of the lab.
import { createSocket, type Socket } from "node:dgram";

export interface LabSwitch {
  /** The switch's UDP port: each guest's `remote.port`. */
  port: number;
  /** Frames forwarded so far. */
  frames(): number;
  /** Registers a guest's UDP port (its `local.port`) before it starts, so broadcasts reach it. */
  attach(guestPort: number): void;
  close(): Promise<void>;
}

const macOf = (frame: Buffer, offset: number) => frame.subarray(offset, offset + 6).toString("hex");

export async function startLabSwitch(): Promise<LabSwitch> {
  const socket: Socket = createSocket("udp4");
  const ports = new Set<number>();
  const where = new Map<string, number>(); // MAC → guest port
  let forwarded = 0;
  socket.on("message", (frame, from) => {
    if (from.address !== "127.0.0.1" || frame.length < 14) return;
    ports.add(from.port);
    where.set(macOf(frame, 6), from.port);
    const destination = macOf(frame, 0);
    const multicast = (frame[0]! & 1) === 1; // broadcast is multicast too
    const known = multicast ? undefined : where.get(destination);
    const targets = known !== undefined ? [known] : [...ports].filter((p) => p !== from.port);
    for (const port of targets) {
      socket.send(frame, port, "127.0.0.1");
      forwarded++;
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    port: socket.address().port,
    frames: () => forwarded,
    attach: (guestPort) => void ports.add(guestPort),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
