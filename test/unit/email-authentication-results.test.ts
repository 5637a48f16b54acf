import { authenticationResultsHeaders, parseAuthenticationResults, senderEvidence } from '../../src/channels/email/authentication-results';

const OURS = 'mx.support.test';

function mail(...headers: string[]): Buffer {
  return Buffer.from([...headers, 'From: Ann <ann@customer.test>', 'Subject: hi', '', 'Authentication-Results: mx.support.test; dmarc=pass header.from=customer.test', ''].join('\r\n'));
}

describe('Authentication-Results (RFC 8601)', () => {
  it('parses the authserv-id, results and properties, ignoring comments, versions and quoting', () => {
    const parsed = parseAuthenticationResults(
      'MX.Support.Test 1; spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=bounce@Customer.test;\r\n'
      + '  dkim=pass (2048-bit key; secure) header.d=customer.test header.s="sel;1" header.b=abc; '
      + 'dmarc/1=fail reason="policy (p=reject)" header.from=customer.test');
    expect(parsed).toEqual({
      authservId: 'mx.support.test',
      results: [
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'bounce@Customer.test' } },
        { method: 'dkim', result: 'pass', properties: { 'header.d': 'customer.test', 'header.s': 'sel;1', 'header.b': 'abc' } },
        { method: 'dmarc', result: 'fail', properties: { reason: 'policy (p=reject)', 'header.from': 'customer.test' } },
      ],
    });
    expect(parseAuthenticationResults('mx.support.test; none')).toEqual({ authservId: 'mx.support.test', results: [] });
    expect(parseAuthenticationResults('')).toBeUndefined();
    expect(parseAuthenticationResults('spf=pass smtp.mailfrom=a@b.test')).toBeUndefined();
  });

  it('reads only header fields (folded lines joined), topmost first, never the body', () => {
    const raw = mail('Authentication-Results: mx.support.test;\r\n\tspf=pass smtp.mailfrom=customer.test', 'authentication-results : other.test; dkim=pass');
    expect(authenticationResultsHeaders(raw)).toEqual(['mx.support.test; spf=pass smtp.mailfrom=customer.test', 'other.test; dkim=pass']);
  });

  it('counts only our MX verdicts aligned with the From domain', () => {
    const from = 'ann@customer.test';
    const evidence = (...headers: string[]) => senderEvidence(mail(...headers), from, OURS);
    expect(evidence()).toBeUndefined(); // the body's fake header does not count
    expect(senderEvidence(mail(`Authentication-Results: ${OURS}; dmarc=pass header.from=customer.test`), from, undefined)).toBeUndefined();
    expect(evidence('Authentication-Results: evil.test; dmarc=pass header.from=customer.test')).toBeUndefined();
    expect(evidence(`Authentication-Results: ${OURS}; dmarc=pass header.from=customer.test`)).toBe('dmarc');
    expect(evidence(`Authentication-Results: ${OURS}; dmarc=pass header.from=other.test`)).toBeUndefined();
    expect(evidence(`Authentication-Results: ${OURS}; dkim=pass header.d=mail.customer.test`)).toBe('dkim');
    expect(evidence(`Authentication-Results: ${OURS}; dkim=pass header.d=attacker.test`)).toBeUndefined();
    expect(evidence(`Authentication-Results: ${OURS}; dkim=fail header.d=customer.test`)).toBeUndefined();
    expect(evidence(`Authentication-Results: ${OURS}; spf=pass smtp.mailfrom=bounces@customer.test`)).toBe('spf');
    expect(evidence(`Authentication-Results: ${OURS}; spf=pass smtp.mailfrom=bounces@test`)).toBeUndefined();
    expect(evidence(`Authentication-Results: ${OURS}; spf=pass smtp.mailfrom=customer.test; dmarc=fail header.from=customer.test`)).toBeUndefined();
    // only the topmost header of our MX counts: one that came with the message sits below it
    expect(evidence(`Authentication-Results: ${OURS}; spf=fail smtp.mailfrom=customer.test`,
      `Authentication-Results: ${OURS}; dmarc=pass header.from=customer.test`)).toBeUndefined();
  });
});
