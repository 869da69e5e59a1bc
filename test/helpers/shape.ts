/**
 * A small structural schema for JSON documents: every key listed, nothing else allowed, so
 * a field added, renamed or dropped in a command's --json output fails until the schema
 * (and the README, which documents the same fields) follows.
 */
export type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | 'any'
  | `${'string' | 'number' | 'boolean' | 'object' | 'array'}|null`
  | { [key: string]: Shape }
  | [Shape]
  | { optional: Shape }
  | { record: Shape };

export function shapeErrors(value: unknown, shape: Shape, path = '$'): string[] {
  if (shape === 'any') return [];
  if (typeof shape === 'string') {
    const allowed = shape.split('|');
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return allowed.includes(actual) ? [] : [`${path}: expected ${shape}, got ${actual}`];
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((v, i) => shapeErrors(v, shape[0], `${path}[${i}]`));
  }
  if ('record' in shape && Object.keys(shape).length === 1) {
    if (typeof value !== 'object' || value === null) return [`${path}: expected an object`];
    return Object.entries(value).flatMap(([k, v]) => shapeErrors(v, shape.record as Shape, `${path}.${k}`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected an object`];
  const obj = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const [key, sub] of Object.entries(shape as Record<string, Shape>)) {
    const optional = typeof sub === 'object' && !Array.isArray(sub) && 'optional' in sub && Object.keys(sub).length === 1;
    if (!(key in obj)) {
      if (!optional) errors.push(`${path}.${key}: missing`);
      continue;
    }
    errors.push(...shapeErrors(obj[key], optional ? (sub as { optional: Shape }).optional : sub, `${path}.${key}`));
  }
  for (const key of Object.keys(obj)) if (!(key in shape)) errors.push(`${path}.${key}: not in the schema`);
  return errors;
}
