/**
 * What the demo customers say and the knowledge base they are answered from, in English and Russian. The mix is a
 * plausible week of support in miniature: most questions answered from the knowledge base, some handed to a person,
 * a few answered late (an SLA breach), reopened or rated low.
 */
export type DemoLanguage = 'en' | 'ru';

export interface DemoArticle { title: string; body: string; language: DemoLanguage }

/** Articles the demo adds once (found again by title on later runs). */
export const DEMO_ARTICLES: DemoArticle[] = [
  { language: 'en', title: 'How to reset your password', body: 'Open the sign-in page, choose "Forgot password" and follow the link we e-mail you. The link works for one hour.' },
  { language: 'en', title: 'Delivery times', body: 'Orders ship within one business day. Delivery takes 2–4 business days in the city and up to 7 days elsewhere; the tracking link is in your order e-mail.' },
  { language: 'en', title: 'Refunds', body: 'You can return an item within 30 days. Start the refund from your order page; the money is back on your card within 5 business days.' },
  { language: 'en', title: 'Change the e-mail address of your account', body: 'Go to Settings → Account → E-mail, type the new address and confirm it from the message we send there.' },
  { language: 'ru', title: 'Как сбросить пароль', body: 'Откройте страницу входа, нажмите «Забыли пароль» и перейдите по ссылке из письма. Ссылка действует один час.' },
  { language: 'ru', title: 'Сроки доставки', body: 'Заказы отправляем в течение одного рабочего дня. Доставка по городу занимает 2–4 рабочих дня, в другие регионы до 7 дней; ссылка для отслеживания есть в письме о заказе.' },
  { language: 'ru', title: 'Возврат денег', body: 'Товар можно вернуть в течение 30 дней. Оформите возврат на странице заказа; деньги вернутся на карту в течение 5 рабочих дней.' },
  { language: 'ru', title: 'Как сменить e-mail аккаунта', body: 'Откройте Настройки → Аккаунт → E-mail, введите новый адрес и подтвердите его по ссылке из письма.' },
];

/** Questions the knowledge base answers. */
export const ANSWERABLE: Record<DemoLanguage, string[]> = {
  en: ['How do I reset my password?', 'I forgot my password, how can I reset it?', 'How long does delivery take?',
    'What are your delivery times?', 'How do I start a refund for my order?', 'Can I return an item for a refund?',
    'How do I change the e-mail address of my account?'],
  ru: ['Как сбросить пароль?', 'Забыл пароль, как его сбросить?', 'Какие сроки доставки?', 'Какие сроки доставки по городу?',
    'Как вернуть деньги за товар?', 'Как оформить возврат денег?', 'Как сменить e-mail аккаунта?'],
};

/** Messages that go to a person: asked for one, or nothing in the knowledge base fits. */
export const FOR_A_PERSON: Record<DemoLanguage, string[]> = {
  en: ['I want to talk to a person about my order', 'Can I speak to a human agent please?',
    'My parcel arrived broken', 'I was charged twice for order 4512', 'The app crashes when I open my basket'],
  ru: ['Хочу поговорить с оператором о моём заказе', 'Соедините с живым человеком, пожалуйста',
    'Посылка пришла разбитой', 'С меня списали дважды за заказ 4512', 'Приложение вылетает, когда открываю корзину'],
};

export const OPERATOR_REPLY: Record<DemoLanguage, string> = {
  en: 'Sorry about that — I have sorted it out for you. Anything else I can help with?',
  ru: 'Извините за неудобства — я всё исправил. Могу ещё чем-то помочь?',
};

export const STILL_BROKEN: Record<DemoLanguage, string> = {
  en: 'It still does not work, sorry', ru: 'Всё ещё не работает, увы',
};

/** A rating as customers type it after the CSAT question (a bare digit, sometimes with a word). */
export function ratingText(score: number, language: DemoLanguage, withComment: boolean): string {
  if (!withComment) return String(score);
  const comment = language === 'ru' ? (score >= 4 ? 'спасибо!' : 'долго ждал') : (score >= 4 ? 'thanks!' : 'took too long');
  return `${score} — ${comment}`;
}
