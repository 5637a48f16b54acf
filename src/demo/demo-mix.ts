/**
 * The demo's mix of conversations, drawn from a seeded generator so a run can be repeated: about half answered by
 * the assistant, a quarter handed to a person on time, and a few breached, reopened or rated low; 40 % in Russian.
 */
import { seededRandom } from '../ai/intent-model/random';
import type { Scenario, ScenarioKind } from './demo-conversation';

const KINDS: [ScenarioKind, number][] = [['answered', 0.55], ['handed_off', 0.27], ['breached', 0.09], ['reopened', 0.09]];

export function demoMix(count: number, seed: number): Scenario[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    let roll = random();
    let kind: ScenarioKind = 'answered';
    for (const [k, share] of KINDS) {
      if (roll < share) { kind = k; break; }
      roll -= share;
    }
    const rated = kind !== 'answered' && random() < 0.75;
    // late and reopened issues are rated lower than the ones handled on time
    const good = kind === 'handed_off' ? random() < 0.85 : random() < 0.35;
    return {
      kind,
      language: random() < 0.4 ? 'ru' : 'en',
      question: Math.floor(random() * 100),
      operatorDelaySeconds: 2 + Math.floor(random() * 8),
      rating: rated ? (good ? 4 + Math.round(random()) : 1 + Math.floor(random() * 3)) : undefined,
      ratingWithComment: random() < 0.3,
    } satisfies Scenario;
  });
}
