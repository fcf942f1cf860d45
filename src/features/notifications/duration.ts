/** `30m`, `2h`, `1h30m`, `1d`: a span typed in a command, in minutes; undefined when it is not one (or is zero). */
export function parseMinutes(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+[dhm])+$/.test(trimmed)) return undefined;
  let minutes = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([dhm])/g)) minutes += Number(amount) * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
  return minutes > 0 && minutes <= 366 * 1440 ? minutes : undefined;
}

/** 90 → "1h 30m", 45 → "45m", 2880 → "2d". */
export function minutesInWords(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days}d` : '', hours ? `${hours}h` : '', rest ? `${rest}m` : ''].filter(Boolean).join(' ') || '0m';
}
