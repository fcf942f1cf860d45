import { redact } from '../redact.js';
import { maskSecrets } from '../render/mask.js';

/** A configuration variable's name (SLACK_BOT_TOKEN, DATABASE_URL), unless assigned a value (`NAME=value` stays masked). */
const VARIABLE_NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b(?!\s*=)/g;

/**
 * One cell of the doctor's table masked as logs are (redact: credentials) and as cards show what
 * Buildkite printed (maskSecrets: anything secret-shaped). maskSecrets reads `SECRET_NAME word` as an
 * assignment and would hide the word; the variables named here are the README's, never values, so
 * they stand aside (as placeholders) while the rest of the cell, a quoted error included, is masked.
 */
export function maskCell(cell: string): string {
  const names: string[] = [];
  const placeholder = (i: number) => `variable${i}x`;
  const aside = cell.replace(VARIABLE_NAME, (name) => placeholder(names.push(name) - 1));
  return maskSecrets(redact(aside)).replace(/\bvariable(\d+)x\b/g, (whole, i: string) => names[Number(i)] ?? whole);
}
