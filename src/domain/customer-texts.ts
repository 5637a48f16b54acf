/** What the platform itself says to customers, per language (English is the fallback). Pure code. */
type TextKey = 'escalated' | 'assistantUnavailable' | 'nudge' | 'csatQuestion' | 'csatQuestionAfterClose' | 'csatReminder' | 'autoClosed';

const TEXTS: Record<string, Record<TextKey, string>> = {
  en: {
    escalated: 'Thank you. I have passed your question to a member of our support team; they will reply here.',
    assistantUnavailable:
      'Thank you for your message. Our assistant cannot answer right now, so a member of our support team will reply here.',
    nudge: 'Is there anything else we can help you with? Just reply to this message.',
    csatQuestion: 'Your request has been resolved. How satisfied are you with our support, from 1 (poor) to 5 (excellent)?',
    autoClosed: 'We have closed this conversation since we have not heard back. Write to us any time to start again.',
    csatQuestionAfterClose: 'How satisfied are you with the help you got, from 1 (poor) to 5 (excellent)? Reply with a number, and a comment after it if you like.',
    csatReminder: 'A quick reminder: how would you rate our support, from 1 (poor) to 5 (excellent)? Reply with a number, and a comment after it if you like.',
  },
  ru: {
    escalated: 'Спасибо. Я передал ваш вопрос сотруднику поддержки, он ответит здесь.',
    assistantUnavailable:
      'Спасибо за сообщение. Ассистент сейчас не может ответить, поэтому вам ответит сотрудник поддержки.',
    nudge: 'Можем ли мы ещё чем-нибудь помочь? Просто ответьте на это сообщение.',
    csatQuestion: 'Ваш запрос решён. Оцените, пожалуйста, нашу поддержку от 1 (плохо) до 5 (отлично).',
    autoClosed: 'Мы закрыли этот диалог, так как не получили ответа. Напишите нам в любое время.',
    csatQuestionAfterClose: 'Насколько вы довольны помощью, от 1 (плохо) до 5 (отлично)? Ответьте цифрой, можно с комментарием после неё.',
    csatReminder: 'Напоминаем: оцените, пожалуйста, нашу поддержку от 1 (плохо) до 5 (отлично). Ответьте цифрой, можно с комментарием после неё.',
  },
};

export function customerText(key: TextKey, language: string | undefined): string {
  return (TEXTS[language ?? 'en'] ?? TEXTS.en)[key];
}
