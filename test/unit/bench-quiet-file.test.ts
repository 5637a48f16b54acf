import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QuietFile } from '../../bench/quiet-file';

describe('the benchmark\'s quiet file', () => {
  it('exists from on() to off(), and says so', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'quiet-')), 'QUIET');
    const said: string[] = [];
    const quiet = new QuietFile(file, 0, (line) => said.push(line));
    expect(existsSync(file)).toBe(false);
    await quiet.on();
    expect(existsSync(file)).toBe(true);
    quiet.off();
    expect(existsSync(file)).toBe(false);
    expect(said.join('\n')).toMatch(/created[\s\S]*removed/);
  });

  it('does nothing without a path', async () => {
    const quiet = new QuietFile(undefined, 0, () => { throw new Error('nothing to say'); });
    await quiet.on();
    quiet.off();
  });
});
