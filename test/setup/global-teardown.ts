/** Jest global teardown: stops what test/setup/global-setup.ts started (handles kept on globalThis). */
import { rmSync } from 'node:fs';
import { HANDLES_KEY, type GlobalTestHandles } from './global-setup';

type GlobalWithHandles = typeof globalThis & { [HANDLES_KEY]?: GlobalTestHandles };

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as GlobalWithHandles;
  const handles = holder[HANDLES_KEY];
  if (!handles) return;
  holder[HANDLES_KEY] = undefined;

  const results = await Promise.allSettled([
    handles.devServer?.stop(),
    handles.embeddedPostgres?.stop(),
  ]);
  if (handles.envFile) rmSync(handles.envFile, { force: true });
  if (handles.tempDir) rmSync(handles.tempDir, { recursive: true, force: true });

  const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  if (errors.length > 0) {
    throw new AggregateError(errors, `test teardown: ${errors.map((e) => String(e)).join('; ')}`);
  }
}
