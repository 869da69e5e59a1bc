import { usageError } from '../../errors.js';

export const portNumber = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65_535) throw usageError(`--port: expected a port from 0 to 65535, got "${v}"`, 'BAD_FLAG');
  return n;
};

export const tolerance = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v)) throw usageError(`--tolerance: expected whole seconds ≥ 0, got "${v}"`, 'BAD_FLAG');
  return n;
};
