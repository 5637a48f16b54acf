import { linkCodeMailedNotice, maskedAddress } from '../../src/identity/link-notice';

describe('the notice after "LINK <address>"', () => {
  it('masks the address to its first letter and domain', () => {
    expect(maskedAddress('anna.k@example.org')).toBe('a…@example.org');
    expect(maskedAddress('x@y.z')).toBe('x…@y.z');
    expect(maskedAddress('not-an-address')).toBe('…');
  });

  it('is keyed by the customer\'s message and says where the code went, in English and Russian', () => {
    const notice = linkCodeMailedNotice('instagram', 'mid.1', 'anna@example.org');
    expect(notice.noticeId).toBe('link-code-mailed:instagram:mid.1');
    expect(notice.channel).toBe('instagram');
    expect(notice.text.en).toMatch(/a…@example\.org.*15 minutes/);
    expect(notice.text.ru).toMatch(/a…@example\.org.*15 минут/);
    expect(notice.text.en).not.toContain('anna@');
  });
});
