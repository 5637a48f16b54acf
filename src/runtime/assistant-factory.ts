import type { AppConfig } from '../config';
import type { CrmReader } from '../crm/crm-reader';
import { IntentModelStore } from '../ai/intent-model-store';
import type { Logger } from '../observability/logger';
import type { Db } from '../db/pool';
import type { Assistant } from '../ai/assistant';
import { OfflineAssistant } from '../ai/offline-assistant';
import { OpenAiAssistant } from '../ai/openai-assistant';

/**
 * ChatGPT when OPENAI_API_KEY is set, the offline responder otherwise, with the intent model store it answers
 * from (the worker starts and stops it).
 */
export function createAssistant(
  config: AppConfig, db: Db, crm: CrmReader, logger?: Logger,
): { assistant: Assistant; intentModels?: IntentModelStore } {
  if (config.openai) return { assistant: new OpenAiAssistant(db, config.openai, crm) };
  const intentModels = new IntentModelStore(db, { logger });
  return { assistant: new OfflineAssistant(db, crm, intentModels), intentModels };
}
