/**
 * Personal data is replaced by placeholders before text goes to an external LLM, and put back into the model's
 * reply where the customer should see it. Card numbers (Luhn-valid 13–19 digits) come back only as their last
 * four digits: the assistant never needs to repeat a full card number.
 */
export interface MaskedText {
  text: string;
  /** placeholder → what the customer sees when it is restored */
  vault: Map<string, string>;
}

type Kind = 'CARD' | 'EMAIL' | 'PHONE' | 'DOCUMENT';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or dashes.
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
// International or local phone numbers: 7+ digits with optional +, spaces, dashes, dots, parentheses.
const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}\b/g;
// Passport / ID / document numbers after a keyword (English and Russian).
const DOCUMENT = /\b(?:passport|id card|identity card|driver'?s licen[cs]e|паспорт[а-я]*|удостоверени[а-я]*|СНИЛС|ИНН)\s*(?:no\.?|number|№|#)?\s*:?\s*([A-ZА-Я0-9][A-ZА-Я0-9 -]{4,18}[A-ZА-Я0-9])/giu;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function maskPersonalData(input: string, vault: Map<string, string> = new Map()): MaskedText {
  const counters: Record<Kind, number> = { CARD: 0, EMAIL: 0, PHONE: 0, DOCUMENT: 0 };
  for (const key of vault.keys()) {
    const m = /^\[(\w+)_(\d+)\]$/.exec(key);
    if (m && m[1] in counters) counters[m[1] as Kind] = Math.max(counters[m[1] as Kind], Number(m[2]));
  }
  const existing = new Map([...vault].map(([k, v]) => [v, k]));
  const placeholder = (kind: Kind, original: string, shown: string) => {
    const known = existing.get(shown);
    if (known) return known;
    counters[kind] += 1;
    const key = `[${kind}_${counters[kind]}]`;
    vault.set(key, shown);
    existing.set(shown, key);
    return key;
  };
  let text = input.replace(DOCUMENT, (whole, number: string) =>
    whole.replace(number, placeholder('DOCUMENT', number, number)));
  text = text.replace(EMAIL, (email) => placeholder('EMAIL', email, email));
  text = text.replace(CARD_CANDIDATE, (candidate) => {
    const digits = candidate.replace(/\D/g, '');
    return luhnValid(digits) ? placeholder('CARD', candidate, `•••• ${digits.slice(-4)}`) : candidate;
  });
  text = text.replace(PHONE, (phone) => {
    const digits = phone.replace(/\D/g, '');
    return digits.length >= 7 && digits.length <= 15 ? placeholder('PHONE', phone, phone) : phone;
  });
  return { text, vault };
}

/** Puts the customer's own data back into the model's text. Unknown placeholders are left as they are. */
export function restorePersonalData(text: string, vault: Map<string, string>): string {
  return text.replace(/\[(CARD|EMAIL|PHONE|DOCUMENT)_\d+\]/g, (key) => vault.get(key) ?? key);
}
