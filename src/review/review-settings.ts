import { ConfigError } from '../config-error';

export interface ReviewSettings {
  /** REVIEW_SAMPLE_SHARE: the share (0..1) of assistant answers queued for review besides the complained-about ones */
  sampleShare: number;
}

const DEFAULT_SAMPLE_SHARE = 0.05;

export function loadReviewSettings(env: NodeJS.ProcessEnv): ReviewSettings {
  const raw = env.REVIEW_SAMPLE_SHARE?.trim();
  if (!raw) return { sampleShare: DEFAULT_SAMPLE_SHARE };
  const share = /^\d+(?:\.\d+)?$|^\.\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(share >= 0 && share <= 1)) {
    throw new ConfigError(`REVIEW_SAMPLE_SHARE must be a fraction from 0 to 1 (e.g. 0.05 for 5 %), not "${raw}"`);
  }
  return { sampleShare: share };
}
