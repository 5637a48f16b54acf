import { issueVisitorToken, verifyVisitorToken } from '../../src/channels/widget/visitor-token';

const SECRET = 'widget-test-secret-0123456789';
const VISITOR = '6f1c2a4e-8b9d-4e7f-a1b2-c3d4e5f60718';
const NOW = 1_760_000_000;

describe('widget visitor token', () => {
  const token = issueVisitorToken(SECRET, { visitorId: VISITOR, issuedAt: NOW });

  it('gives back the visitor and issue time of a genuine token', () => {
    expect(verifyVisitorToken(SECRET, token, NOW + 3600)).toEqual({ visitorId: VISITOR, issuedAt: NOW });
  });

  it('refuses a token whose visitor id, time or signature was changed', () => {
    const [version, , issued, sig] = token.split('.');
    const otherVisitor = [version, 'aaaaaaaa-8b9d-4e7f-a1b2-c3d4e5f60718', issued, sig].join('.');
    const otherTime = [version, VISITOR, String(NOW - 1), sig].join('.');
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const flipped = [version, VISITOR, issued, sig!.slice(0, 5) + flip(sig![5]!) + sig!.slice(6)].join('.');
    // the same MAC bits in a non-canonical base64url spelling (the last character's spare bits set)
    const last = sig!.at(-1)!;
    const respelled = [version, VISITOR, issued, sig!.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1)].join('.');
    for (const forged of [otherVisitor, otherTime, flipped, respelled]) expect(verifyVisitorToken(SECRET, forged, NOW)).toBeUndefined();
  });

  it('refuses a token signed with another secret', () => {
    const foreign = issueVisitorToken('another-secret-of-enough-length', { visitorId: VISITOR, issuedAt: NOW });
    expect(verifyVisitorToken(SECRET, foreign, NOW)).toBeUndefined();
  });

  it('refuses malformed tokens without throwing', () => {
    const malformed = [
      '', 'v1', 'v1.abc', `v2.${VISITOR}.${NOW}.${token.split('.')[3]}`, `${token}.extra`,
      `v1.${VISITOR}.not-a-number.${token.split('.')[3]}`, `v1.bad id!.${NOW}.${token.split('.')[3]}`,
      `v1.${VISITOR}.${NOW}.`, `v1.${VISITOR}.${NOW}.%%%`, 'x'.repeat(1000),
    ];
    for (const bad of malformed) expect(verifyVisitorToken(SECRET, bad, NOW)).toBeUndefined();
  });

  it('refuses a token issued in the future', () => {
    const future = issueVisitorToken(SECRET, { visitorId: VISITOR, issuedAt: NOW + 86_400 });
    expect(verifyVisitorToken(SECRET, future, NOW)).toBeUndefined();
  });

  it('refuses a token older than its lifetime', () => {
    const token = issueVisitorToken(SECRET, { visitorId: VISITOR, issuedAt: NOW });
    const day = 86_400;
    expect(verifyVisitorToken(SECRET, token, NOW + 30 * day, 30 * day)).toEqual({ visitorId: VISITOR, issuedAt: NOW });
    expect(verifyVisitorToken(SECRET, token, NOW + 30 * day + 1, 30 * day)).toBeUndefined();
  });
});
