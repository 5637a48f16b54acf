import { normalizeText, tokenize } from '../../src/ai/intent-model/tokenize';

describe('tokenizing customer messages', () => {
  it('lower-cases English words and drops punctuation', () => {
    expect(tokenize('Where is my NEW card?! It was sent 2 weeks ago.')).toEqual(
      ['where', 'is', 'my', 'new', 'card', 'it', 'was', 'sent', '2', 'weeks', 'ago'],
    );
  });

  it('keeps contractions as one word whichever apostrophe was typed', () => {
    expect(tokenize("I don't know")).toEqual(['i', 'dont', 'know']);
    expect(tokenize('I don’t know')).toEqual(['i', 'dont', 'know']);
  });

  it('splits Russian words and folds ё into е', () => {
    expect(tokenize('Где моя карта? Всё ещё не пришла!')).toEqual(['где', 'моя', 'карта', 'все', 'еще', 'не', 'пришла']);
  });

  it('handles mixed scripts and full-width forms', () => {
    expect(tokenize('Карта Visa не работает')).toEqual(['карта', 'visa', 'не', 'работает']);
    expect(normalizeText('ＣＡＲＤ')).toBe('card');
  });

  it('returns nothing for text without letters or digits', () => {
    expect(tokenize('?!… --')).toEqual([]);
  });
});
