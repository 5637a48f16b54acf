import { detectLanguage } from '../../src/ai/language';
import { asksForHuman, categoryOf, priorityOf, sentimentOf } from '../../src/ai/message-signals';

describe('reading a customer message without a model', () => {
  it.each([
    'Can I talk to a human please?',
    'I want to speak with a real person',
    'operator',
    'Соедините меня с оператором',
    'Хочу поговорить с живым человеком',
  ])('hears a request for a person in %p', (text) => {
    expect(asksForHuman(text)).toBe(true);
  });

  it.each([
    'How do I reset my password?',
    'Someone stole my card',
    'When will my order arrive?',
  ])('does not invent a request for a person in %p', (text) => {
    expect(asksForHuman(text)).toBe(false);
  });

  it('grades sentiment, urgency and category', () => {
    expect(sentimentOf('This is unacceptable, worst service ever')).toBe('negative');
    expect(sentimentOf('Это просто ужасно')).toBe('negative');
    expect(sentimentOf('Thanks, that helped')).toBe('positive');
    expect(priorityOf('There is a fraud transaction on my card')).toBe('urgent');
    expect(priorityOf('I was charged twice')).toBe('high');
    expect(priorityOf('What are your opening hours?')).toBe('normal');
    expect(categoryOf('I need a refund for my payment').category).toBe('billing');
    expect(categoryOf('Где мой заказ?').category).toBe('delivery');
    expect(categoryOf('hello there')).toEqual({ category: 'general', matched: false });
  });

  it('tells Russian from English', () => {
    expect(detectLanguage('Как сбросить пароль?')).toBe('ru');
    expect(detectLanguage('How do I reset my password?')).toBe('en');
  });
});
