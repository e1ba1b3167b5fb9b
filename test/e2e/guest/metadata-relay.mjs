#!/usr/bin/env node
// The guestfwd relay of the cloud e2e boots: qemu starts one per connection
// the guest opens to the metadata address, with the connection as stdin and
// stdout; this joins it to the metadata service emulator on 127.0.0.1:PORT.
import { connect } from "node:net";

const port = Number(process.argv[2]);
const socket = connect(port, "127.0.0.1");
process.stdin.pipe(socket);
socket.pipe(process.stdout);
socket.on("error", () => process.exit(1));
socket.on("close", () => process.exit(0));
