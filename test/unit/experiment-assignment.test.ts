import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { assignVariant } from '../../src/experiments/assignment';

const experimentId = '6f1d3c2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f';
const variants = [{ name: 'control', share: 0.2 }, { name: 'friendly', share: 0.3 }, { name: 'brief', share: 0.5 }];

describe('assigning customers to experiment variants', () => {
  it('gives a customer the same variant in another process (no state, no randomness)', () => {
    const customers = Array.from({ length: 200 }, () => randomUUID());
    const here = customers.map((c) => assignVariant(experimentId, c, variants));
    const script = `
      const { assignVariant } = require(${JSON.stringify(path.resolve(__dirname, '../../src/experiments/assignment.ts'))});
      const input = JSON.parse(process.argv[1]);
      process.stdout.write(JSON.stringify(input.customers.map((c) => assignVariant(input.experimentId, c, input.variants))));`;
    const elsewhere = JSON.parse(execFileSync(path.resolve(__dirname, '../../node_modules/.bin/tsx'),
      ['-e', script, JSON.stringify({ experimentId, customers, variants })], { encoding: 'utf8' })) as string[];
    expect(elsewhere).toEqual(here);
    // and it really spreads them: all three variants occur among 200 customers
    expect(new Set(here).size).toBe(3);
  });

  it('respects the traffic shares over many customers', () => {
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const variant = assignVariant(experimentId, randomUUID(), variants);
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
    }
    // binomial standard deviation at n = 20,000 is at most 0.0036: ±0.015 is more than four of them
    for (const { name, share } of variants) expect(Math.abs(counts.get(name)! / n - share)).toBeLessThan(0.015);
  });

  it('shuffles customers independently per experiment', () => {
    const customers = Array.from({ length: 2_000 }, () => randomUUID());
    const half = [{ name: 'a', share: 0.5 }, { name: 'b', share: 0.5 }];
    const first = customers.map((c) => assignVariant(experimentId, c, half));
    const second = customers.map((c) => assignVariant(randomUUID(), c, half));
    const same = first.filter((v, i) => v === second[i]).length / customers.length;
    expect(same).toBeGreaterThan(0.4);
    expect(same).toBeLessThan(0.6);
  });
});
