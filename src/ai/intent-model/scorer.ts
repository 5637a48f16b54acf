/** Text → one margin per class: the feature space and the linear model fitted together on the same texts. */
import { DEFAULT_FEATURE_OPTIONS, FeatureSpace, type FeatureOptions, type FeatureSpaceData, type FeatureSpaceJSON } from './features';
import {
  DEFAULT_LINEAR_OPTIONS, LinearModel, trainLinearModel, type LinearModelData, type LinearModelJSON, type LinearModelOptions,
} from './linear-model';

export interface ScorerOptions {
  readonly features: FeatureOptions;
  readonly linear: LinearModelOptions;
}

export const DEFAULT_SCORER_OPTIONS: ScorerOptions = { features: DEFAULT_FEATURE_OPTIONS, linear: DEFAULT_LINEAR_OPTIONS };

export interface ScorerJSON {
  readonly features: FeatureSpaceJSON;
  readonly model: LinearModelJSON;
}

export interface ScorerData {
  readonly features: FeatureSpaceData;
  readonly model: LinearModelData;
}

export class Scorer {
  private constructor(private readonly space: FeatureSpace, private readonly model: LinearModel) {}

  /** `targets[i]` is the class number (0..classes-1) of `texts[i]`. */
  static fit(texts: readonly string[], targets: Int32Array, classes: number, options: ScorerOptions): Scorer {
    const space = FeatureSpace.fit(texts, options.features);
    const model = trainLinearModel(space.vectorizeAll(texts), targets, classes, options.linear);
    return new Scorer(space, model);
  }

  static fromJSON(json: ScorerJSON): Scorer {
    return new Scorer(FeatureSpace.fromJSON(json.features), LinearModel.fromJSON(json.model));
  }

  toJSON(): ScorerJSON {
    return { features: this.space.toJSON(), model: this.model.toJSON() };
  }

  static fromData(data: ScorerData): Scorer {
    return new Scorer(FeatureSpace.fromData(data.features), LinearModel.fromData(data.model));
  }

  toData(): ScorerData {
    return { features: this.space.toData(), model: this.model.toData() };
  }

  margins(text: string): Float64Array {
    return this.model.scores(this.space.vectorize(text));
  }
}
