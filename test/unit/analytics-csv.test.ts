/** The analytics CSV writer, read back with csv-parse: quotes, commas, newlines, formula injection, numbers. */
import { parse } from 'csv-parse/sync';
import { csvCell, objectsToCsv, toCsv } from '../../src/analytics/csv/to-csv';

describe('analytics CSV', () => {
  it('round-trips quotes, commas, newlines and blanks through a real CSV parser', () => {
    const nasty = ['say "hi"', 'a,b', 'line 1\nline 2', 'cr\r\nlf', ' padded ', '', 'plain', 'Ünïcødé ✓'];
    const csv = toCsv(['text', 'n'], nasty.map((t, i) => [t, i]));
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual(['text', 'n']);
    expect(rows.map((r) => r[0])).toEqual(nasty);
    expect(rows.map((r) => r[1])).toEqual(nasty.map((_t, i) => String(i)));
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const formula of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR']) {
      const [[cell]] = parse(toCsv(['x'], [[formula]]), { from_line: 2 }) as string[][];
      expect(cell).toBe(`'${formula}`);
    }
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes numbers as numbers (a negative stays negative), null and undefined as empty, booleans as words', () => {
    expect(toCsv(['a', 'b', 'c', 'd', 'e'], [[-1.5, null, undefined, true, Number.NaN]])).toBe('a,b,c,d,e\r\n-1.5,,,true,\r\n');
  });

  it('flattens nested figures into dotted columns', () => {
    const csv = objectsToCsv([{ issues: 2, csat: { average: 4.5, responses: 2 }, at: new Date('2025-01-01T00:00:00Z') }]);
    expect(csv).toBe('issues,csat.average,csat.responses,at\r\n2,4.5,2,2025-01-01T00:00:00.000Z\r\n');
    expect(objectsToCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });
});
