import type { AppConfig } from '../config';
import type { CrmReader } from '../crm/crm-reader';
import { IntentModelStore } from '../ai/intent-model-store';
import type { Logger } from '../observability/logger';
import type { Db } from '../db/pool';
import type { Assistant } from '../ai/assistant';
import { OfflineAssistant } from '../ai/offline-assistant';
import { OpenAiAssistant } from '../ai/openai-assistant';
import { ScenarioAssistant, storedScenario } from '../ai/scenario-assistant';

/**
 * ChatGPT when OPENAI_API_KEY is set, the offline responder otherwise, with the intent model store it answers
 * from (the worker starts and stops it); either under the customer's scenario (rolled-out settings and
 * experiment variants, read from PostgreSQL each turn).
 */
export function createAssistant(
  config: AppConfig, db: Db, crm: CrmReader, logger?: Logger,
): { assistant: Assistant; intentModels?: IntentModelStore } {
  const scenario = storedScenario(db);
  if (config.openai) return { assistant: new ScenarioAssistant(new OpenAiAssistant(db, config.openai, crm), scenario) };
  const intentModels = new IntentModelStore(db, { logger });
  return { assistant: new ScenarioAssistant(new OfflineAssistant(db, crm, intentModels), scenario), intentModels };
}
