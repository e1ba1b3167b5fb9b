/**
 * A change signal for stores: `fire()` calls `onChange` once per burst, at
 * most every `ms` (a steady stream of changes still gets through, it is not
 * put off until the stream stops); `cancel()` drops a pending call.
 */
export function settled(onChange: () => void, ms: number): { fire(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    fire() {
      timer ??= setTimeout(() => {
        timer = undefined;
        onChange();
      }, ms);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
