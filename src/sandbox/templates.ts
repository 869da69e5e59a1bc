/**
 * Saved templates every sandbox ME-SMS account has, for `templateId` + `variables` (send,
 * dry run and preview-cost). A real account keeps the templates made in its web app; the
 * sandbox has no such app, so a few fixed ones stand in. `sandbox serve` lists them.
 */
export interface SavedTemplate {
  id: number;
  name: string;
  /** {{name}} placeholders, filled from `variables`. */
  content: string;
}

export const MESMS_TEMPLATES: readonly SavedTemplate[] = [
  { id: 1, name: 'welcome', content: 'สวัสดีคุณ{{name}} ยินดีต้อนรับ' },
  { id: 2, name: 'shipped', content: 'Hi {{name}}, your order {{order}} has shipped' },
  { id: 3, name: 'promo', content: 'Sale today only: 10% off everything' },
];

export function findTemplate(raw: unknown): SavedTemplate | undefined {
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return MESMS_TEMPLATES.find((t) => t.id === id);
}

/** The template with its variables filled; the placeholders that have no value, if any. */
export function fillTemplate(template: SavedTemplate, variables: Record<string, unknown>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.content.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_m, key: string) => {
    const v = variables[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    if (!missing.includes(key)) missing.push(key);
    return '';
  });
  return { text, missing };
}
