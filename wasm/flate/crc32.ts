/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320) as Go's
 * hash/crc32.ChecksumIEEE computes it for the gzip trailer; slicing-by-8,
 * mirroring crc32Portable in src/gocompat/flate/crc32.ts.
 */

/** 8 x 256 u32 entries, filled by initCrc. */
const T: usize = memory.data(8 * 256 * 4, 16);

export function initCrc(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    store<u32>(T + (<usize>n << 2), c);
  }
  for (let n: u32 = 0; n < 256; n++) {
    let c = load<u32>(T + (<usize>n << 2));
    for (let k: u32 = 1; k < 8; k++) {
      c = load<u32>(T + (<usize>(c & 0xff) << 2)) ^ (c >>> 8);
      store<u32>(T + (<usize>(k * 256 + n) << 2), c);
    }
  }
}

@inline function t(i: u32): u32 {
  return load<u32>(T + (<usize>i << 2));
}

/** CRC-32 of the `len` bytes at `p`. */
export function crc32(p: usize, len: i32): u32 {
  let c: u32 = ~0;
  const end = p + <usize>len;
  const end8 = end - (<usize>len & 7);
  for (; p < end8; p += 8) {
    const lo = c ^ load<u32>(p);
    const hi = load<u32>(p, 4);
    c =
      t(1792 + (lo & 0xff)) ^
      t(1536 + ((lo >>> 8) & 0xff)) ^
      t(1280 + ((lo >>> 16) & 0xff)) ^
      t(1024 + (lo >>> 24)) ^
      t(768 + (hi & 0xff)) ^
      t(512 + ((hi >>> 8) & 0xff)) ^
      t(256 + ((hi >>> 16) & 0xff)) ^
      t(hi >>> 24);
  }
  for (; p < end; p++) c = t((c ^ <u32>load<u8>(p)) & 0xff) ^ (c >>> 8);
  return ~c;
}
