/** Problems with what the user asked for (bad arguments, unreadable or malformed files): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage:
  npm run eval -- intents --train <csv> (--test <csv> | --cv <folds>) [--oos <label>] [--seed <n>]
  npm run eval -- faq --kb <csv> --queries <csv>
  npm run eval -- resolution --train <csv> (--test <csv> | --cv <folds>) [--oos <label>] [--max-wrong 0.02] [--seed <n>]

Labelled CSVs have a header row; the first column is the text, the second the label.
--cv evaluates by stratified cross-validation on --train when there is no test file.`;
