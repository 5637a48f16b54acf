import { Anchor, Group, Image, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../api/types';

/** Bytes as people read them: 12 KB, 3.4 MB (in the console's language). */
export function fileSize(bytes: number, language: string): string {
  const format = (n: number, unit: string) => `${n.toLocaleString(language, { maximumFractionDigits: 1 })} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'KB');
  return format(bytes / 1024 / 1024, 'MB');
}

/**
 * A message's files: images as thumbnails, other files as links with name and size. Both open the signed link
 * in a new tab (the server sends non-images as downloads).
 */
export function AttachmentList({ files }: { files: Attachment[] }) {
  const { t, i18n } = useTranslation();
  const images = files.filter((f) => f.contentType.startsWith('image/'));
  const others = files.filter((f) => !f.contentType.startsWith('image/'));
  return (
    <Stack gap={4} mt={4} data-attachments>
      {images.length > 0 && (
        <Group gap="xs">
          {images.map((f) => (
            <Anchor key={f.id} href={f.url} target="_blank" rel="noreferrer noopener" title={`${f.name} (${fileSize(f.size, i18n.language)})`}>
              <Image src={f.url} alt={f.name} h={96} w="auto" maw={160} fit="contain" radius="sm" data-thumbnail />
            </Anchor>
          ))}
        </Group>
      )}
      {others.map((f) => (
        <Text key={f.id} size="xs">
          <Anchor size="xs" href={f.url} target="_blank" rel="noreferrer noopener" data-file>{f.name || t('issue.attachment')}</Anchor>
          {' '}<Text span size="xs" c="dimmed">({fileSize(f.size, i18n.language)})</Text>
        </Text>
      ))}
    </Stack>
  );
}
