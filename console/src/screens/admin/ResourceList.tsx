import type { ReactNode } from 'react';
import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAction } from '../../api/use-action';
import { ApiState } from '../../components/ApiState';

export interface Column<T> {
  label: string;
  render(item: T): ReactNode;
}

/**
 * An admin list: `GET /api/v1<path>` → `{<key>: [...]}` in a table, an optional delete per row, and the
 * screen's create form below. A server without the endpoint (404) shows that it is not available.
 */
export function ResourceList<T extends { id: string }>({ title, path, listKey, columns, deletable, form, queryKey, onEdit }: {
  title: string; path: string; listKey: string; columns: Column<T>[]; deletable?: boolean; form?: ReactNode; queryKey: string;
  /** rows get an Edit button that hands the item to the screen's form */
  onEdit?: (item: T) => void;
}) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['admin', queryKey], queryFn: () => api<Record<string, T[]>>('GET', path) });
  const remove = useAction((id: string) => api('DELETE', `${path}/${id}`), { done: t('admin.deleted'), failed: t('admin.deleteFailed') });
  const items = list.data?.[listKey] ?? [];
  return (
    <Stack gap="sm">
      <Title order={2}>{title}</Title>
      <ApiState loading={list.isLoading} error={list.error} />
      {list.data && items.length === 0 && <Text c="dimmed">{t('admin.empty')}</Text>}
      {items.length > 0 && (
        <Table striped="even" aria-label={title}>
          <Table.Thead>
            <Table.Tr>{columns.map((c) => <Table.Th key={c.label}>{c.label}</Table.Th>)}{(deletable || onEdit) && <Table.Th />}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id}>
                {columns.map((c) => <Table.Td key={c.label}>{c.render(item)}</Table.Td>)}
                {(deletable || onEdit) && (
                  <Table.Td>
                    {onEdit && <Button size="xs" variant="subtle" onClick={() => onEdit(item)}>{t('admin.edit')}</Button>}
                    {deletable && <Button size="xs" color="red" variant="subtle" loading={remove.isPending && remove.variables === item.id}
                      onClick={() => remove.mutate(item.id, { onSuccess: () => void list.refetch() })}>{t('admin.delete')}</Button>}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {form && !list.error && <Card withBorder padding="sm">{form}</Card>}
    </Stack>
  );
}
