// Deterministic pseudo-random numbers for generated test inputs, so any
// failure reproduces from its seed; and the config words such inputs mix.

/** xorshift32: numbers in [0, 1) from `seed`. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Words of a Butane config, for text-like inputs. */
export const CONFIG_WORDS = "storage files path mode contents source systemd units enabled ExecStart WantedBy passwd users ssh".split(" ");
