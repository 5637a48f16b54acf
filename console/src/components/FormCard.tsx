import type { FormEvent, ReactNode } from 'react';
import { Center, Paper, Stack, Title } from '@mantine/core';
import { LanguageSwitch } from './LanguageSwitch';

/** A form alone in the middle of the screen (sign-in, invitation), with the language switch under it. */
export function FormCard({ title, width = 380, onSubmit, children }: {
  title: string; width?: number; onSubmit(e: FormEvent): void; children: ReactNode;
}) {
  return (
    <Center h="100vh">
      <Paper withBorder shadow="sm" p="lg" w={width}>
        <form onSubmit={onSubmit}>
          <Stack>
            <Title order={2}>{title}</Title>
            {children}
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
