/** Why a calendar or policy write was refused (the gateway answers 4xx with it). */
export class SlaPolicyRefused extends Error {
  constructor(readonly code: 'unknown_calendar' | 'default_policy' | 'not_found' | 'unreachable_target', message: string) {
    super(message);
  }
}
