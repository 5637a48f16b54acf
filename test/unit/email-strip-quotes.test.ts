import { stripQuotedReply } from '../../src/channels/email/strip-quotes';

describe('stripping quoted history and signatures from e-mail replies', () => {
  it('cuts a Gmail reply at "On … wrote:", even when the header wraps over two lines', () => {
    const text = [
      'Thanks, that worked! One more thing: can I change my e-mail address too?',
      '',
      'On Mon, Jun 3, 2024 at 10:15 AM Acme Support <support@example.com>',
      'wrote:',
      '',
      '> Open the sign-in page and choose "Forgot password".',
      '>',
      '> On Sun, Jun 2, 2024 at 9:00 PM Ann <ann@example.com> wrote:',
      '>> How do I reset my password?',
    ].join('\n');
    expect(stripQuotedReply(text)).toBe('Thanks, that worked! One more thing: can I change my e-mail address too?');
  });

  it('drops inline ">" quotes but keeps the answers between them', () => {
    const text = '> Which order is it?\nOrder 12345.\n> And the delivery address?\nSame as last time.\n';
    expect(stripQuotedReply(text)).toBe('Order 12345.\nSame as last time.');
  });

  it('cuts an Outlook reply at "-----Original Message-----" and at a From:/Sent: block', () => {
    const original = 'The invoice still shows the old amount.\n\n-----Original Message-----\nFrom: Acme Support\nSent: Monday\n\nHello';
    expect(stripQuotedReply(original)).toBe('The invoice still shows the old amount.');
    const block = [
      'Please cancel it.',
      '',
      '________________________________',
      'From: Acme Support <support@example.com>',
      'Sent: Monday, June 3, 2024 10:15 AM',
      'To: Ann <ann@example.com>',
      'Subject: RE: Subscription',
      '',
      'Do you want us to cancel the subscription?',
    ].join('\r\n');
    expect(stripQuotedReply(block)).toBe('Please cancel it.');
  });

  it('removes "-- " signatures, "Sent from my iPhone" and a sign-off with a short signature block', () => {
    expect(stripQuotedReply('My parcel has not arrived.\n\n-- \nAnn Smith\nHead of Purchasing\n+1 555 0100')).toBe('My parcel has not arrived.');
    expect(stripQuotedReply('Where is my refund?\n\nSent from my iPhone')).toBe('Where is my refund?');
    expect(stripQuotedReply('Where is my refund?\n\nGet Outlook for Android')).toBe('Where is my refund?');
    expect(stripQuotedReply('The app crashes on start.\n\nBest regards,\nAnn Smith\nAcme Corp')).toBe('The app crashes on start.');
    expect(stripQuotedReply('Sent from my iPhone')).toBe('');
  });

  it('keeps text that merely looks like a quote header or a sign-off', () => {
    const text = 'On Monday my colleague wrote:\nthe invoice is wrong.\nBest way to reach me is by phone.';
    expect(stripQuotedReply(text)).toBe(text);
    const long = 'Regards\n' + Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
    expect(stripQuotedReply(`Question first.\n${long}`)).toBe(`Question first.\n${long}`);
  });

  it('cuts Russian quote headers of Gmail, Yandex, Mail.ru, Apple Mail, Thunderbird and Outlook', () => {
    const cases = [
      'пн, 3 июн. 2024 г. в 10:15, Служба поддержки <support@example.com>:',
      '03.06.2024, 10:15, "Служба поддержки" <support@example.com>:',
      'Понедельник, 3 июня 2024, 10:15 +03:00 от Служба поддержки <support@example.com>:',
      '3 июня 2024 г., в 10:15, Служба поддержки <support@example.com> написал(а):',
      '03.06.2024 10:15, Служба поддержки пишет:',
      '-----Исходное сообщение-----',
    ];
    for (const header of cases) {
      const text = `Спасибо, пароль сбросился.\n\n${header}\n> Откройте страницу входа и нажмите «Забыли пароль».`;
      expect(stripQuotedReply(text)).toBe('Спасибо, пароль сбросился.');
    }
    const outlook = 'Отмените заказ, пожалуйста.\n\nОт: Служба поддержки <support@example.com>\nОтправлено: 3 июня 2024 г. 10:15\nКому: Анна\nТема: Заказ\n\nВы хотите отменить заказ?';
    expect(stripQuotedReply(outlook)).toBe('Отмените заказ, пожалуйста.');
  });

  it('removes Russian signatures and sign-offs', () => {
    expect(stripQuotedReply('Не приходит письмо для сброса пароля.\n\nОтправлено с iPhone')).toBe('Не приходит письмо для сброса пароля.');
    expect(stripQuotedReply('Где мой возврат?\n\nОтправлено из мобильной Почты Mail.ru')).toBe('Где мой возврат?');
    expect(stripQuotedReply('Где мой возврат?\n\nС уважением,\nИван Петров\nООО «Ромашка»')).toBe('Где мой возврат?');
    expect(stripQuotedReply('Где мой возврат?\n\nС уважением, Иван')).toBe('Где мой возврат?');
  });
  it('never takes a paragraph for a quote header: a header is one short line (or two wrapped ones)', () => {
    // A long paragraph that happens to end like a header ("... 2024 ... wrote:") is the customer's own text.
    const paragraph = `${'My order from 3 June 2024 never arrived and nobody answers. '.repeat(10)}This is what my neighbour wrote:`;
    expect(stripQuotedReply(`${paragraph}\n\nPlease help.`)).toBe(`${paragraph}\n\nPlease help.`);
  });

  it('removes trailing spaces and tabs from every line, however long the run', () => {
    expect(stripQuotedReply(`a${' '.repeat(5_000)}\t\nb${' '.repeat(5_000)}c \n`)).toBe(`a\nb${' '.repeat(5_000)}c`);
  });

  it('keeps text after a sign-off when more than a signature follows it, however many sign-offs there are', () => {
    const text = `${'Regards\n'.repeat(2_000)}${'A real line.\n'.repeat(7)}`;
    expect(stripQuotedReply(text)).toBe(text.trim());
  });
});
