/**
 * The new text of an e-mail reply: quoted history and signatures removed, so the assistant and the operator see
 * what the customer wrote this time. Written here rather than taken from npm: the maintained parser
 * (email-reply-parser) ships ESM only and knows neither Russian quote headers nor Russian sign-offs.
 * Conservative by design: when in doubt a line stays (too much text is harmless, lost text is not).
 */

/** A line that opens the quoted original: everything from it on is history. */
const QUOTE_HEADER_LINE: RegExp[] = [
  // Outlook, Thunderbird, Mail.ru, Yandex: "-----Original Message-----", "-------- Исходное сообщение --------"
  /^-{2,}\s*(original message|исходное сообщение|пересылаемое сообщение|forwarded message|message d'origine|ursprüngliche nachricht)\s*-{2,}$/i,
  // Gmail, Apple Mail, Thunderbird: "On Mon, 3 Jun 2024 at 10:15, Ann <ann@example.com> wrote:",
  // "Ann <ann@example.com> wrote:": always with a date or an address, so "On Monday he wrote:" stays
  /^.*(\d|@).*\swrote:$/i,
  // Russian: "… написал(а):", "… написала:", "… пишет:" (Apple Mail, Thunderbird), with a date or an address
  /^.*(\d|@).*\s(написал\(а\)|написала|написал|пишет):$/iu,
  // Gmail in Russian: "пн, 3 июн. 2024 г. в 10:15, Иван Петров <ivan@example.com>:"
  /^.{0,40}\d{4}\s*г\.,?\s*в\s*\d{1,2}:\d{2},\s*.+<[^>\s]+@[^>\s]+>:$/u,
  // Yandex: "03.06.2024, 10:15, "Иван Петров" <ivan@example.com>:"
  /^\d{1,2}\.\d{1,2}\.\d{2,4},?\s+\d{1,2}:\d{2},?\s+.*<[^>\s]+@[^>\s]+>:$/u,
  // Mail.ru: "Понедельник, 3 июня 2024, 10:15 +03:00 от Иван Петров <ivan@example.com>:"
  /^.+\d{1,2}:\d{2}.*\sот\s.+<[^>\s]+@[^>\s]+>:$/iu,
];

/** Outlook's header block: "From: …" followed within a few lines by "Sent: …"/"Date: …" (or Russian). */
const OUTLOOK_FROM = /^\*?(from|от|de|von)\s*:\*?\s+\S/i;
const OUTLOOK_SENT = /^\*?(sent|date|отправлено|дата|envoyé|gesendet)\s*:\*?\s+\S/i;

/** Lines after which only the signature follows. */
const SIGNATURE_LINE: RegExp[] = [
  /^--\s?$/, // RFC 3676 delimiter "-- " (often trimmed to "--" by clients)
  /^_{5,}$/, // Outlook's separator before a signature or the original
  /^sent from my \S.*$/i,
  /^sent from (mail|outlook|yahoo mail|gmail|aol)\b.*$/i,
  /^get outlook for \S.*$/i,
  /^sent (from|with) (proton mail|protonmail|spark|blackberry).*$/i,
  /^отправлено (с|со|из) .+$/iu, // "Отправлено с iPhone", "Отправлено из мобильной Почты Mail.ru"
  /^(с моего|с мобильного) .+$/iu,
];

/** A closing phrase; only cut when what follows is short (name, title, phone), i.e. a signature block. */
const SIGN_OFF_LINE =
  /^((best|kind|warm)\s+)?regards[,.!]*(\s+\S+){0,3}$|^(best|best wishes|cheers|sincerely|yours sincerely|yours truly|thanks and regards)(,(\s+\S+){0,3})?[.!]*$|^(с уважением|с наилучшими пожеланиями|всего доброго|всего хорошего|хорошего дня)[,.!]*(\s+\S+){0,3}$/iu;
const MAX_SIGNATURE_LINES_AFTER_SIGN_OFF = 6;
/**
 * Quote headers are one line of a name, an address and a date; a longer line is the customer's own text. The
 * bound also keeps the header patterns (which backtrack) linear: a mail of one huge line must not block the
 * gateway.
 */
const MAX_QUOTE_HEADER_CHARS = 300;

export function stripQuotedReply(input: string): string {
  let lines = input.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n');
  lines = lines.slice(0, quoteStart(lines));
  lines = lines.filter((line) => !/^\s*>/.test(line));
  lines = lines.slice(0, signatureStart(lines));
  return lines.map(trimLineEnd).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Without trailing spaces and tabs; a loop, since /[ \t]+$/ is quadratic on a long run of spaces mid-line. */
function trimLineEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return line.slice(0, end);
}

function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (line.length <= MAX_QUOTE_HEADER_CHARS) {
      // Clients wrap a long "On … wrote:" over two lines.
      const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`.trim();
      const wrapped = joined.length <= MAX_QUOTE_HEADER_CHARS && joinedIsHeader(line);
      if (QUOTE_HEADER_LINE.some((re) => re.test(line) || (wrapped && re.test(joined)))) return i;
    }
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => OUTLOOK_SENT.test(l.trim()))) {
      // Outlook puts a line of underscores right above its header block.
      return i > 0 && /^_{5,}$/.test(lines[i - 1].trim()) ? i - 1 : i;
    }
  }
  return lines.length;
}

/** A first line that may continue on the next: starts like a quote header but lacks its ending. */
function joinedIsHeader(line: string): boolean {
  return /^(on|le|am|el)\s/i.test(line) || /^\d{1,2}[./]\d{1,2}[./]\d{2,4}/.test(line) || /\d{4}\s*г\./u.test(line);
}

function signatureStart(lines: string[]): number {
  // non-empty lines from each line to the end, counted once rather than per sign-off line
  const nonEmptyFrom = new Array<number>(lines.length + 1).fill(0);
  for (let i = lines.length - 1; i >= 0; i--) nonEmptyFrom[i] = nonEmptyFrom[i + 1] + (lines[i].trim() ? 1 : 0);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (i > 0 && SIGNATURE_LINE.some((re) => re.test(line))) return i;
    if (i > 0 && SIGN_OFF_LINE.test(line) && nonEmptyFrom[i + 1] <= MAX_SIGNATURE_LINES_AFTER_SIGN_OFF) return i;
  }
  // A body that is only a signature line ("Sent from my iPhone") has no text.
  if (lines.length > 0 && SIGNATURE_LINE.some((re) => re.test(lines[0].trim()))) return 0;
  return lines.length;
}
