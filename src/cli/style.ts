/**
 * Colour decisions in one place. Colour only on a terminal, never when NO_COLOR is set or
 * --no-color is given; FORCE_COLOR turns it on even when piped (CI logs).
 */
import type { ChalkInstance } from 'chalk';
import type { Context, OutStream } from './context.js';

export function colorLevel(ctx: Context, stream: OutStream): 0 | 1 | 2 | 3 {
  if (ctx.global.color === false) return 0;
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '') return 0;
  const force = ctx.env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  return stream.isTTY ? 1 : 0;
}

export async function styleFor(ctx: Context, stream: OutStream): Promise<ChalkInstance> {
  const { Chalk } = await import('chalk');
  return new Chalk({ level: colorLevel(ctx, stream) });
}
