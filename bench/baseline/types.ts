/** What the baseline's client, workflow and activity exchange. */
export interface BaselineMessage {
  messageId: string;
  externalId: string;
  text: string;
}

export interface BaselineActivities {
  postReply(message: BaselineMessage): Promise<void>;
}

export const BASELINE_WORKFLOW_TYPE = 'baselineConversation';
export const BASELINE_SIGNAL = 'message';
