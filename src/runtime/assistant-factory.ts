import type { AppConfig } from '../config';
import type { CrmReader } from '../crm/crm-reader';
import { IntentModelStore } from '../ai/intent-model-store';
import type { Logger } from '../observability/logger';
import type { Db } from '../db/pool';
import type { Assistant } from '../ai/assistant';
import { OfflineAssistant } from '../ai/offline-assistant';
import { OpenAiAssistant } from '../ai/openai-assistant';

/** ChatGPT when OPENAI_API_KEY is set, the offline responder otherwise. */
export function createAssistant(config: AppConfig, db: Db, crm: CrmReader, logger?: Logger): Assistant {
  return config.openai
    ? new OpenAiAssistant(db, config.openai, crm)
    : new OfflineAssistant(db, crm, new IntentModelStore(db, logger));
}
