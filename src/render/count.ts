/** "1 job", "3 jobs": a count with its noun agreeing, never "job(s)". */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
