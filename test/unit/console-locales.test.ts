/**
 * The console's English and Russian texts: every key of one is in the other, none is empty, and the
 * {{placeholders}} of each text are the same in both (a Russian text that drops one would show a hole).
 */
import { en } from '../../console/src/locales/en';
import { ru } from '../../console/src/locales/ru';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('console translations', () => {
  const english = flatten(en as unknown as Tree);
  const russian = flatten(ru as unknown as Tree);

  it('has the same keys in English and Russian', () => {
    expect([...russian.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const [key, text] of english) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, empty: (russian.get(key) ?? '').trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(russian.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('is really translated: most Russian texts differ from the English ones', () => {
    const same = [...english].filter(([key, text]) => russian.get(key) === text).map(([key]) => key);
    // brand names (Telegram, WhatsApp, ChatGPT, SLA) stay as they are
    expect(same.length).toBeLessThan(english.size / 20);
  });
});
