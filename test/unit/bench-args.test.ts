import { parseBenchArgs, UsageRequested } from '../../bench/args';

describe('npm run bench arguments', () => {
  it('has defaults for the embedded database', () => {
    const args = parseBenchArgs([], {}, 'out');
    expect(args).toMatchObject({ db: 'embedded', n: 300, rate: 2, duration: 30, open: 1000, reps: 3, concurrency: 32, long: 500, out: 'out', quick: false });
    expect(parseBenchArgs(['--long', '0'], {}).long).toBe(0);
    expect(args.only).toBeUndefined();
  });

  it('--quick shrinks the defaults; explicit options still win', () => {
    const quick = parseBenchArgs(['--quick'], {});
    expect(quick.quick).toBe(true);
    expect(quick.n).toBeLessThan(300);
    expect(quick.reps).toBe(1);
    expect(parseBenchArgs(['--quick', '--n', '7'], {}).n).toBe(7);
  });

  it('reads numbers and choices', () => {
    const args = parseBenchArgs(['--n', '50', '--rate', '1.5', '--duration', '20', '--open', '10000', '--reps', '2', '--only', 'pipeline', '--port-base', '44000', '--quiet-file', '/tmp/QUIET'], {});
    expect(args).toMatchObject({ n: 50, rate: 1.5, duration: 20, open: 10000, reps: 2, only: 'pipeline', portBase: 44000, quietFile: '/tmp/QUIET' });
    expect(parseBenchArgs([], {}).quietFile).toBeUndefined();
  });

  it('--db pg takes DATABASE_URL, or --database-url over it', () => {
    expect(parseBenchArgs(['--db', 'pg'], { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x' }).databaseUrl).toBe('postgres://u:p@127.0.0.1:5432/x');
    expect(parseBenchArgs(['--db', 'pg', '--database-url', 'postgresql://h/y'], { DATABASE_URL: 'postgres://h/x' }).databaseUrl).toBe('postgresql://h/y');
    expect(parseBenchArgs([], { DATABASE_URL: 'postgres://h/x' }).databaseUrl).toBeUndefined();
  });

  it('refuses bad input with the option named', () => {
    expect(() => parseBenchArgs(['--db', 'pg'], {})).toThrow(/--database-url/);
    expect(() => parseBenchArgs(['--db', 'mysql'], {})).toThrow(/--db/);
    expect(() => parseBenchArgs(['--n', 'many'], {})).toThrow(/--n/);
    expect(() => parseBenchArgs(['--n', '0'], {})).toThrow(/--n/);
    expect(() => parseBenchArgs(['--rate', '-1'], {})).toThrow(/--rate/);
    expect(() => parseBenchArgs(['--only', 'both'], {})).toThrow(/--only/);
    expect(() => parseBenchArgs(['--open', '5'], {})).toThrow(/--open/);
    expect(() => parseBenchArgs(['--frobnicate'], {})).toThrow(/frobnicate/);
    expect(() => parseBenchArgs(['--db', 'pg', '--database-url', 'mysql://x'], {})).toThrow(/--database-url/);
  });

  it('--help asks for the usage text', () => {
    expect(() => parseBenchArgs(['--help'], {})).toThrow(UsageRequested);
  });
});
