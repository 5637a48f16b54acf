/** A setting is missing, partial or invalid: the process stops at start-up with this message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
