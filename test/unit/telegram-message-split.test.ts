import { MESSENGER_TEXT_LIMIT, splitMessage } from '../../src/channels/message-split';

describe('splitMessage', () => {
  it('leaves a message within the limit whole', () => {
    expect(splitMessage('Hello there.')).toEqual(['Hello there.']);
    expect(splitMessage('a'.repeat(MESSENGER_TEXT_LIMIT))).toHaveLength(1);
  });

  it('cuts at a paragraph break before a sentence end or a space', () => {
    const first = 'First paragraph. It has two sentences.';
    const second = 'Second paragraph is here.';
    expect(splitMessage(`${first}\n\n${second}`, 50)).toEqual([first, second]);
  });

  it('cuts at the last sentence end when no paragraph break fits', () => {
    expect(splitMessage('One two three. Four five six. Seven eight nine ten.', 35))
      .toEqual(['One two three. Four five six.', 'Seven eight nine ten.']);
  });

  it('cuts at a space when a sentence is longer than the limit', () => {
    const parts = splitMessage('alpha beta gamma delta epsilon zeta eta theta', 12);
    expect(parts).toEqual(['alpha beta', 'gamma delta', 'epsilon zeta', 'eta theta']);
  });

  it('never splits a surrogate pair or an emoji sequence, and every part fits', () => {
    const family = '👨‍👩‍👧';
    const text = `${'x'.repeat(9)}${family}${'😀'.repeat(20)}`;
    const parts = splitMessage(text, 10);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(10);
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(parts[0]).toBe('x'.repeat(9));
    expect(parts[1].startsWith(family)).toBe(true);
  });

  it('splits a 10,000-character reply into parts of at most 4,096 that keep all words', () => {
    const text = 'Please check the order number on your receipt. '.repeat(210).trim();
    const parts = splitMessage(text);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= MESSENGER_TEXT_LIMIT && p.endsWith('.'))).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });
});
