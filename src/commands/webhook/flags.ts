import { usageError } from '../../errors.js';

export const tolerance = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v)) throw usageError(`--tolerance: expected whole seconds ≥ 0, got "${v}"`, 'BAD_FLAG');
  return n;
};
