/**
 * Deliveries already seen, by event and txId: providers retry until they get a 2xx, so the
 * same event can arrive more than once. Bounded, oldest forgotten first, so a listener left
 * running for days does not grow without end.
 */
export class SeenDeliveries {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 100_000) {}

  /** True the first time (event, txId) is offered; a delivery without a txId is never a duplicate. */
  first(event: string, txId: string | null): boolean {
    if (!txId) return true;
    const key = `${event}\u0000${txId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.max) this.seen.delete(this.seen.values().next().value!);
    return true;
  }
}
