import { isUnhelpfulReply } from '../../src/review/unhelpful-reply';

describe('a customer reply saying the answer did not help', () => {
  it.each([
    "That didn't help", 'it did not help at all', 'Doesn’t help.', 'not helpful', 'This was not helpful, sorry',
    'unhelpful answer', 'thats not what I asked', "That's not what I asked for", "you didn't answer my question",
    'wrong answer', "it still doesn't work", 'didnt help',
    'Не помогло', 'не помогло(', 'это не то', 'Это не то, я про возврат спрашивал', 'ответ не помог', 'не помогает',
    'бесполезно', 'вы не ответили на мой вопрос', 'неправильный ответ', 'всё ещё не работает', 'все еще не работает',
  ])('%j is a "that didn\'t help" reply', (text) => {
    expect(isUnhelpfulReply(text)).toBe(true);
  });

  it.each([
    'Thanks, that helped!', 'it helped a lot', 'helpful, thank you', 'How do I reset my password?', 'Спасибо, помогло',
    'это то, что нужно', 'Это не тот заказ, номер 123? Нет, тот', 'не то чтобы', 'I will not help you', '5',
    'помогло, спасибо', '',
  ])('%j is not', (text) => {
    expect(isUnhelpfulReply(text)).toBe(false);
  });
});
