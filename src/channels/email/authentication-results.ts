/**
 * Sender evidence from the `Authentication-Results` header (RFC 8601) that the company's MX adds after checking
 * SPF, DKIM and DMARC. Anyone can write such a header into a message, so only the one carrying our MX's
 * authserv-id (EMAIL_AUTHSERV_ID) counts, and only the topmost one: the MX prepends its own and, as RFC 8601
 * §5 requires, removes copies claiming its authserv-id that arrived with the message.
 */
import type { IdentityEvidence } from '../../db/customers';

export interface AuthResult {
  /** "spf", "dkim", "dmarc", ... (lower case, without a version) */
  method: string;
  /** "pass", "fail", "softfail", "none", ... (lower case) */
  result: string;
  /** "smtp.mailfrom", "header.d", "header.from", ... (names lower case) */
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: AuthResult[];
}

/** Text without RFC 5322 comments "(...)" (nested, with quoted pairs); quoted strings are kept as they are. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    if (ch === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += ch + (value[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (depth === 0 && ch === '"') quoted = !quoted;
    if (!quoted) {
      if (ch === '(') { depth += 1; continue; }
      if (ch === ')' && depth > 0) { depth -= 1; out += ' '; continue; }
    }
    if (depth === 0) out += ch;
  }
  return out;
}

/** Splits at `;` outside quoted strings. */
function statements(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    if (ch === '\\' && quoted) { current += ch + (value[i + 1] ?? ''); i += 1; continue; }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) { parts.push(current); current = ''; continue; }
    current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

const unquote = (v: string): string => (v.startsWith('"') && v.endsWith('"') && v.length >= 2
  ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);

const PAIR = /([A-Za-z0-9_.\/-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/g;

/** Parses one header value; undefined when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
  const [head, ...rest] = statements(withoutComments(value));
  const authservId = head?.split(/\s+/)[0]?.trim().toLowerCase();
  if (!authservId || authservId.includes('=')) return undefined;
  const results: AuthResult[] = [];
  for (const statement of rest) {
    const pairs = [...statement.matchAll(PAIR)].map((m) => [m[1]!.toLowerCase(), unquote(m[2]!)] as const);
    const first = pairs[0];
    if (!first || first[0].includes('.') || first[0] === 'reason') continue; // "none", or not a result
    const properties: Record<string, string> = {};
    for (const [name, v] of pairs.slice(1)) properties[name] = v;
    results.push({ method: first[0].split('/')[0]!, result: first[1].toLowerCase(), properties });
  }
  return { authservId, results };
}

/** The values of the message's Authentication-Results headers, topmost first (unfolded). */
export function authenticationResultsHeaders(raw: Buffer): string[] {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const header = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ');
  return header.split(/\r?\n/)
    .map((line) => /^authentication-results[ \t]*:(.*)$/i.exec(line)?.[1]?.trim())
    .filter((v): v is string => v !== undefined);
}

/** The domain of an address or of a `user@domain` property (lower case). */
function domainOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const at = value.lastIndexOf('@');
  const domain = (at >= 0 ? value.slice(at + 1) : value).trim().toLowerCase().replace(/\.$/, '');
  return domain.includes('.') ? domain : undefined;
}

/** DMARC's relaxed alignment, approximated without a public-suffix list: the same domain or a parent/child. */
function aligned(candidate: string | undefined, fromDomain: string): boolean {
  if (!candidate) return false;
  return candidate === fromDomain || fromDomain.endsWith(`.${candidate}`) || candidate.endsWith(`.${fromDomain}`);
}

/**
 * The strongest evidence our MX found that the From address is genuine: DMARC pass for the From domain, else a
 * DKIM signature or SPF pass aligned with it. Undefined without a trusted header,
 * or when DMARC failed.
 */
export function senderEvidence(raw: Buffer, fromAddress: string, trustedAuthservId: string | undefined): IdentityEvidence | undefined {
  if (!trustedAuthservId) return undefined;
  const fromDomain = domainOf(fromAddress);
  if (!fromDomain) return undefined;
  const ours = authenticationResultsHeaders(raw)
    .map(parseAuthenticationResults)
    .find((h) => h?.authservId === trustedAuthservId.trim().toLowerCase());
  if (!ours) return undefined;
  const passed = (method: string, domain: (r: AuthResult) => string | undefined, exact = false) =>
    ours.results.some((r) => r.method === method && r.result === 'pass'
      && (exact ? domain(r) === fromDomain : aligned(domain(r), fromDomain)));
  if (ours.results.some((r) => r.method === 'dmarc' && r.result === 'fail')) return undefined;
  if (passed('dmarc', (r) => domainOf(r.properties['header.from']), true)) return 'dmarc';
  if (passed('dkim', (r) => domainOf(r.properties['header.d'] ?? r.properties['header.i']))) return 'dkim';
  if (passed('spf', (r) => domainOf(r.properties['smtp.mailfrom']))) return 'spf';
  return undefined;
}
