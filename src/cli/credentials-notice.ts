import type { BootstrapResult } from '../db/credentials';

/**
 * The lines that tell the user the secrets generated at first start. They are written to the terminal (stderr)
 * only, never to the JSON logs: logs are shipped to stores many people can read, and a token there is a leak.
 */
export function generatedCredentialLines(generated: BootstrapResult): string[] {
  const lines: string[] = [];
  if (generated.generatedOperatorToken) {
    lines.push(`  Admin API token      ${generated.generatedOperatorToken}   (shown once; set BOOTSTRAP_OPERATOR_TOKEN to choose it)`);
  }
  if (generated.generatedAdmin) {
    const { email, password } = generated.generatedAdmin;
    lines.push(`  Console admin        ${email} / ${password}   (shown once; set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD to choose them)`);
  }
  if (generated.generatedApiChannelKey) {
    lines.push(`  API channel key      ${generated.generatedApiChannelKey}   (shown once; set API_CHANNEL_KEY to choose it)`);
  }
  return lines;
}

/** Writes them to the terminal, never to the logger. */
export function printGeneratedCredentials(generated: BootstrapResult, write: (text: string) => void = (t) => process.stderr.write(t)): void {
  const lines = generatedCredentialLines(generated);
  if (lines.length > 0) write(`Generated credentials:\n${lines.join('\n')}\n`);
}
