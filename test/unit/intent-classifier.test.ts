import { join } from 'node:path';
import { IntentClassifier, TrainingDataError, trainIntentClassifier, trainIntentClassifierWithReport } from '../../src/ai/intent-model/intent-classifier';
import { readLabelledExamples } from '../../src/cli/eval/datasets';

const fixtures = join(__dirname, '../fixtures/eval');
const examples = readLabelledExamples(join(fixtures, 'intents-train.csv'));
const inScope = examples.filter((e) => e.label !== 'oos');
const paraphrases = readLabelledExamples(join(fixtures, 'intents-test.csv')).filter((e) => e.label !== 'oos');
const nonsense = ['zxqv blorf wibble', 'purple elephant dancing on the moon', '42'];

describe('the intent classifier', () => {
  const classifier = trainIntentClassifier(inScope, { seed: 7 });

  it('learns five intents from eight examples each and predicts held-out paraphrases', () => {
    expect(classifier.intents).toEqual(['cancel_subscription', 'card_arrival', 'change_address', 'refund_request', 'reset_password']);
    const correct = paraphrases.filter((e) => classifier.predict(e.text).ranking[0].label === e.label);
    expect(correct.length).toBeGreaterThanOrEqual(paraphrases.length - 1);
  });

  it('ranks every intent with probabilities that sum to one', () => {
    const { ranking, confidence } = classifier.predict('where is my card');
    expect(ranking).toHaveLength(5);
    expect(ranking[0].score).toBe(confidence);
    expect(ranking.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 6);
    expect(ranking.map((r) => r.score)).toEqual([...ranking.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('is more confident about in-domain messages than about nonsense', () => {
    const inDomain = paraphrases.map((e) => classifier.predict(e.text).confidence);
    const junk = nonsense.map((text) => classifier.predict(text).confidence);
    expect(Math.min(...inDomain.slice().sort().slice(2))).toBeGreaterThan(Math.max(...junk));
    expect(mean(inDomain)).toBeGreaterThan(mean(junk) + 0.2);
  });

  it('learns an explicit out-of-scope class and answers null for messages outside every intent', () => {
    const withScope = trainIntentClassifier(examples, { outOfScopeLabel: 'oos', seed: 7 });
    expect(withScope.intents).not.toContain('oos');
    for (const text of ["What's the weather in Paris?", 'Tell me a funny joke']) {
      const prediction = withScope.predict(text);
      expect(prediction).toMatchObject({ label: null, outOfScope: true });
      expect(prediction.ranking.map((r) => r.label)).not.toContain('oos');
    }
    expect(withScope.predict('I forgot my password')).toMatchObject({ label: 'reset_password', outOfScope: false });
  });

  it('reports out-of-fold predictions for every training example', () => {
    const { report } = trainIntentClassifierWithReport(inScope, { seed: 7 });
    expect(report.outOfFold).toHaveLength(inScope.length);
    expect(report.temperature).toBeGreaterThan(0);
    const correct = report.outOfFold.filter((o) => o.prediction.ranking[0].label === o.label).length;
    expect(correct / inScope.length).toBeGreaterThan(0.7);
  });

  it('gives identical predictions after a JSON round trip', () => {
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
    for (const text of [...paraphrases.map((e) => e.text), ...nonsense]) {
      expect(restored.predict(text)).toEqual(classifier.predict(text));
    }
  });

  it('trains the same model again for the same seed', () => {
    const again = trainIntentClassifier(inScope, { seed: 7 });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(classifier.toJSON()));
  });

  it('refuses a single label but still learns a label seen only once', () => {
    expect(() => trainIntentClassifier([{ text: 'hi', label: 'greeting' }, { text: 'hello', label: 'greeting' }])).toThrow(TrainingDataError);
    const withRare = trainIntentClassifier([...inScope, { text: 'speak to a human operator', label: 'human' }], { seed: 7 });
    expect(withRare.intents).toContain('human');
    expect(withRare.predict('I forgot my password').label).toBe('reset_password');
  });
});

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
