/**
 * A change signal for stores: `fire(file)` calls `onChange` once per burst,
 * with the files named in it, at most every `ms` (a steady stream of changes
 * still gets through, it is not put off until the stream stops); `cancel()`
 * drops a pending call.
 */
export function settled(onChange: (changed: string[]) => void, ms: number): { fire(file?: string): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>();
  return {
    fire(file) {
      if (file !== undefined) changed.add(file);
      timer ??= setTimeout(() => {
        timer = undefined;
        const burst = [...changed];
        changed = new Set();
        onChange(burst);
      }, ms);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      changed = new Set();
    },
  };
}
