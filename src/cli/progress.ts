import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr (stdout stays for the summary); in a pipe or CI it prints nothing until the end. */
export function progressBar(total: number, label: string): { tick(detail: string): void; stop(): void } {
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {detail}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  }, Presets.shades_classic);
  bar.start(total, 0, { detail: '' });
  return {
    tick: (detail) => bar.increment(1, { detail }),
    stop: () => bar.stop(),
  };
}
