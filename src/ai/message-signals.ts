/**
 * Rules that read a customer message without a model: an explicit request for a person, sentiment, urgency
 * and a coarse category. The offline responder uses them; the ChatGPT path uses the request-for-a-person rule
 * as a safety net, because "let me talk to a human" must always reach a human.
 */
import type { Priority } from '../domain/priority';
import type { Sentiment } from '../domain/issue';

const WANTS_HUMAN = [
  /\b(speak|talk|chat|connect|transfer)\b[^.?!]{0,40}\b(human|person|agent|operator|representative|manager|someone|somebody)\b/i,
  /\b(real|live|actual)\s+(person|human|agent|people)\b/i,
  /\b(human|live)\s+(agent|support|operator)\b/i,
  /^\s*(agent|operator|human|representative)\s*[.!?]*\s*$/i,
  /(оператор|живым?\s+человек|сотрудник[аом]?|позовите|соедините|переключите)/i,
];

const NEGATIVE = [
  /\b(angry|furious|terrible|awful|horrible|worst|unacceptable|ridiculous|disgusting|outraged|scam|hate|useless|pathetic|fed up)\b/i,
  /!!!/,
  /(ужасн|отвратительн|безобрази|возмущ|кошмар|обман|бесит|позор)/i,
];
const POSITIVE = [/\b(thanks?|thank you|great|awesome|perfect|love)\b/i, /(спасибо|отлично|супер)/i];

const URGENT = [
  /\b(fraud|stolen|hacked|unauthori[sz]ed|urgent|asap|emergency|security breach|identity theft)\b/i,
  /(срочно|мошен|украл|взлом|несанкционир)/i,
];
const HIGH = [
  /\b(not working|doesn'?t work|can'?t (log ?in|sign in|access|pay)|charged twice|double charged|locked out|outage|down)\b/i,
  /(не работает|не могу войти|списали дважды|заблокир)/i,
];

const CATEGORIES: [string, RegExp][] = [
  ['billing', /\b(refund|charge[ds]?|payment|invoice|bill(ing)?|card|subscription|price|money)\b|(возврат|оплат|деньг|списан|карт|счёт|счет)/i],
  ['delivery', /\b(deliver(y|ed)?|shipping|shipment|package|parcel|track(ing)?|courier|order)\b|(доставк|заказ|посылк|курьер|трек)/i],
  ['account', /\b(password|log ?in|sign ?in|account|email address|username|2fa|verification)\b|(парол|аккаунт|учётн|учетн|вход|логин)/i],
  ['technical', /\b(error|bug|crash(es|ed)?|broken|not working|doesn'?t work|app)\b|(ошибк|сбой|не работает|приложени)/i],
];

const matchesAny = (text: string, patterns: RegExp[]) => patterns.some((p) => p.test(text));

export function asksForHuman(text: string): boolean {
  return matchesAny(text, WANTS_HUMAN);
}

export function sentimentOf(text: string): Sentiment {
  if (matchesAny(text, NEGATIVE)) return 'negative';
  if (matchesAny(text, POSITIVE)) return 'positive';
  return 'neutral';
}

export function priorityOf(text: string): Priority {
  if (matchesAny(text, URGENT)) return 'urgent';
  if (matchesAny(text, HIGH)) return 'high';
  return 'normal';
}

export function categoryOf(text: string): { category: string; matched: boolean } {
  for (const [category, pattern] of CATEGORIES) if (pattern.test(text)) return { category, matched: true };
  return { category: 'general', matched: false };
}
