/** Where a command writes: results to `out` (stdout), progress to `err` (stderr). */
export interface EvalOutput {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: EvalOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(2)} %`;
}

/** Rounds for the JSON summary line, keeping it readable. */
export function rounded(value: number | null, digits = 4): number | null {
  return value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
}
