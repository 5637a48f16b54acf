import { luhnValid, maskPersonalData, restorePersonalData } from '../../src/ai/pii-masking';

describe('personal data masking before the LLM', () => {
  it('masks Luhn-valid card numbers, e-mail addresses, phone numbers and document numbers', () => {
    const text = 'My card 4111 1111 1111 1111 was charged; write to ann.lee@example.com or call +44 20 7946 0958. '
      + 'Passport no. 4510 123456. Order 12345.';
    const { text: masked, vault } = maskPersonalData(text);
    expect(masked).not.toMatch(/4111|ann\.lee|7946|123456\b/);
    expect(masked).toContain('[CARD_1]');
    expect(masked).toContain('[EMAIL_1]');
    expect(masked).toContain('[PHONE_1]');
    expect(masked).toContain('[DOCUMENT_1]');
    expect(masked).toContain('Order 12345');
    expect(vault.get('[CARD_1]')).toBe('•••• 1111');
  });

  it('leaves numbers that are not cards alone', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(maskPersonalData('Tracking 4111111111111112 arrived').text).toContain('4111111111111112');
  });

  it('masks Russian text and restores the data in the reply, cards only as the last four digits', () => {
    const { text, vault } = maskPersonalData('Паспорт 4510 123456, почта иван@example.ru? нет: ivan@example.ru, карта 5500 0000 0000 0004');
    expect(text).not.toMatch(/ivan@|5500|123456/);
    const reply = restorePersonalData('We will write to [EMAIL_1] about card [CARD_1]. [UNKNOWN_1]', vault);
    expect(reply).toBe('We will write to ivan@example.ru about card •••• 0004. [UNKNOWN_1]');
  });

  it('reuses the same placeholder for the same value across messages', () => {
    const first = maskPersonalData('mail me at a@b.co');
    const second = maskPersonalData('again: a@b.co and c@d.co', first.vault);
    expect(second.text).toBe('again: [EMAIL_1] and [EMAIL_2]');
  });
});
