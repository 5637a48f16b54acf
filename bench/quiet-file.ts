/**
 * `--quiet-file`: a file that exists while a measured phase runs, so engineers sharing the machine can hold their
 * test runs until it is gone (opening thousands of issues for P3 is not measured and needs no quiet). After the
 * file appears the run waits `settleMs`, letting work already started finish before anything is measured.
 */
import { rmSync, writeFileSync } from 'node:fs';

export class QuietFile {
  constructor(private readonly path: string | undefined, private readonly settleMs: number, private readonly say: (line: string) => void) {
    // a run that fails or is interrupted must not leave the others waiting
    if (path) process.once('exit', () => rmSync(path, { force: true }));
  }

  async on(): Promise<void> {
    if (!this.path) return;
    writeFileSync(this.path, `npm run bench (pid ${process.pid}) is measuring since ${new Date().toISOString()}\n`);
    this.say(`  quiet file ${this.path} created; ${Math.round(this.settleMs / 1000)} s for running work to finish`);
    await new Promise((resolve) => setTimeout(resolve, this.settleMs));
  }

  off(): void {
    if (!this.path) return;
    rmSync(this.path, { force: true });
    this.say(`  quiet file ${this.path} removed`);
  }
}
