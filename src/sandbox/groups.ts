/**
 * Contact groups every sandbox account has, for `contactGroupId` (ME-SMS preview-cost and
 * send). The real providers keep groups made in their web app; the sandbox has no such app,
 * so a few fixed ones stand in, with numbers a user can predict (and one magic number).
 */
export interface ContactGroup {
  id: number;
  name: string;
  /** 9-digit national significant numbers, distinct. */
  nsn: Uint32Array;
}

function run(first: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = first + i;
  return out;
}

interface GroupSeed {
  id: number;
  name: string;
  /** Built on first use: the big group is 100,000 numbers. */
  make: () => Uint32Array;
}

const SEEDS: readonly GroupSeed[] = [
  // 0812000000 … 0812000249
  { id: 1, name: 'customers', make: () => run(812_000_000, 250) },
  // 0800000001 is the magic "failed" number: a group send shows one failure.
  { id: 2, name: 'staff', make: () => Uint32Array.of(812_345_678, 898_765_432, 800_000_001) },
  // 0900000000 … 0900099999
  { id: 10, name: 'everyone', make: () => run(900_000_000, 100_000) },
];

const built = new Map<number, ContactGroup>();

/** The groups, as `sandbox serve` lists them. */
export function contactGroups(): { id: number; name: string; size: number }[] {
  return SEEDS.map((s) => ({ id: s.id, name: s.name, size: findGroup(s.id)!.nsn.length }));
}

/** The group a `contactGroupId` names (an integer, or its digits as a string), if there is one. */
export function findGroup(raw: unknown): ContactGroup | undefined {
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(id)) return undefined;
  let group = built.get(id);
  if (!group) {
    const seed = SEEDS.find((s) => s.id === id);
    if (!seed) return undefined;
    group = { id, name: seed.name, nsn: seed.make() };
    built.set(id, group);
  }
  return group;
}
