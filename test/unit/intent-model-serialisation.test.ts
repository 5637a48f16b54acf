/**
 * The two forms a trained model travels in: JSON (stored in PostgreSQL) and plain data with typed arrays
 * (posted from the training thread to the worker). Either way back, it predicts the same labels with the same
 * confidences on messages it never saw.
 */
import { join } from 'node:path';
import { IntentClassifier, transferableBuffers, type IntentExample } from '../../src/ai/intent-model/intent-classifier';
import { trainOfflineIntentModel } from '../../src/ai/intent-training/offline-model-training';
import { readLabelledExamples } from '../../src/cli/eval/datasets';

const BANKING77 = join(__dirname, '../../../shared/data/banking77/train.csv');

/** Every `step`-th example of each label is held out; the rest are trained on. */
function split(examples: readonly IntentExample[], step: number): { train: IntentExample[]; heldOut: IntentExample[] } {
  const seen = new Map<string, number>();
  const train: IntentExample[] = [];
  const heldOut: IntentExample[] = [];
  for (const e of examples) {
    const n = (seen.get(e.label) ?? 0) + 1;
    seen.set(e.label, n);
    (n % step === 0 ? heldOut : train).push(e);
  }
  return { train, heldOut };
}

const predictions = (classifier: IntentClassifier, texts: readonly string[]) => texts.map((text) => classifier.predict(text));

describe('a trained intent classifier', () => {
  // a tenth of Banking77 (all 77 intents): big enough for every part of the model to matter
  const { train, heldOut } = split(readLabelledExamples(BANKING77).filter((_, i) => i % 10 === 0), 4);
  const texts = heldOut.map((e) => e.text);
  const { classifier } = trainOfflineIntentModel(train);
  const expected = predictions(classifier, texts);

  it('predicts the same after a JSON round trip (as stored in PostgreSQL)', () => {
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
    expect(predictions(restored, texts)).toEqual(expected);
    expect(restored.intents).toHaveLength(77);
    // and it learnt something: most held-out messages get their own intent
    expect(expected.filter((p, i) => p.label === heldOut[i].label).length / heldOut.length).toBeGreaterThan(0.5);
  });

  it('predicts the same after crossing a thread boundary as data with its buffers transferred', () => {
    const data = structuredClone(classifier.toData()); // toData shares the classifier's arrays: move a copy
    const buffers = transferableBuffers(data);
    const moved = structuredClone(data, { transfer: buffers });
    expect(buffers.every((buffer) => buffer.byteLength === 0)).toBe(true); // moved, not copied
    expect(predictions(IntentClassifier.fromData(moved), texts)).toEqual(expected);
  });
});
