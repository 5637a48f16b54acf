import type { AttachmentRefused } from '../../attachments/file-types';
import { megabytes } from '../../attachments/file-types';
import type { SupportedLanguage } from '../../ai/language';

/**
 * What the customer is told in their own channel when a file of theirs was not taken, in the conversation's
 * language: which file, why (too large, with the limit; a type not accepted), and that the message itself arrived.
 */
export function refusalNotice(refused: AttachmentRefused[], language: SupportedLanguage, maxBytes: number): string {
  const limit = megabytes(maxBytes);
  if (language === 'ru') {
    const reasons = refused.map((r) => (r.code === 'attachment_too_large' ? `файл «${r.fileName}» слишком большой (не больше ${limit})`
      : r.code === 'attachment_empty' ? `файл «${r.fileName}»: он пустой`
        : `файл «${r.fileName}»: такой тип файлов мы не принимаем`));
    return `Извините, мы не смогли принять ${reasons.join('; ')}. Пришлите, пожалуйста, файл поменьше, фото или PDF. `
      + 'Само сообщение до нас дошло.';
  }
  const reasons = refused.map((r) => (r.code === 'attachment_too_large' ? `${r.fileName}: this file is too large (max ${limit})`
    : r.code === 'attachment_empty' ? `${r.fileName}: the file is empty`
      : `${r.fileName}: we do not accept files of this type`));
  return `Sorry, we could not take ${reasons.join('; ')}. Please send a smaller file, or a photo or PDF. `
    + 'Your message itself has reached us.';
}
