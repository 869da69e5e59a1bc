/** "850 ms", "1.5 s": how waits and timeouts are written everywhere. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
