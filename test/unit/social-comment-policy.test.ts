import { commentVerdict, loadCommentPolicy, looksLikeQuestion } from '../../src/channels/social/comment-policy';
import { ConfigError } from '../../src/config-error';

describe('SOCIAL_COMMENT_POLICY', () => {
  it.each([
    'How do I reset my password',
    'where is my parcel',
    'Can I pay by card',
    '@shop_support does this come in blue',
    'Is it available in Berlin?',
    'Great photos, but when will it ship?',
    'Как сбросить пароль',
    'Подскажите, есть ли доставка в Казань',
    'Сколько стоит доставка',
    'а в Москве есть?',
    'price? 🙏',
  ])('"%s" is a question', (text) => {
    expect(looksLikeQuestion(text)).toBe(true);
  });

  it.each([
    'Great photos, thanks!',
    'Love it 😍',
    'Классный пост, спасибо',
    'Where?is not a word', // "where?is" is one word that is not a question word, and no final "?"
    '@friend look at this',
    '',
  ])('"%s" is not a question', (text) => {
    expect(looksLikeQuestion(text)).toBe(false);
  });

  it('answers questions only by default, everything with "all", nothing with "none", and always says why', () => {
    expect(loadCommentPolicy({})).toBe('questions');
    expect(commentVerdict('questions', 'Thanks!')).toMatchObject({ autoAnswer: false, reason: expect.stringMatching(/not a question/) });
    expect(commentVerdict('questions', 'Why?')).toMatchObject({ autoAnswer: true });
    expect(commentVerdict('all', 'Thanks!')).toMatchObject({ autoAnswer: true });
    expect(commentVerdict('none', 'How do I reset my password?')).toMatchObject({ autoAnswer: false, reason: expect.stringMatching(/operators only/) });
  });

  it('refuses an unknown policy at start-up', () => {
    expect(loadCommentPolicy({ SOCIAL_COMMENT_POLICY: ' ALL ' })).toBe('all');
    expect(() => loadCommentPolicy({ SOCIAL_COMMENT_POLICY: 'questions-only' })).toThrow(ConfigError);
  });
});
