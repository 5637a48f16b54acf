import { ConfigError } from '../../config-error';

/**
 * SOCIAL_COMMENT_POLICY: which comments on the company's posts (Facebook, Instagram, VK) the assistant answers
 * on its own. `questions` (default): a comment that ends with "?" or starts with a question word (English or
 * Russian); `all`; `none`. Every comment is recorded on the customer's issue whatever the policy, and an
 * operator may answer any of them.
 */
export const COMMENT_POLICIES = ['questions', 'all', 'none'] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

export function loadCommentPolicy(env: NodeJS.ProcessEnv): CommentPolicy {
  const value = env.SOCIAL_COMMENT_POLICY?.trim().toLowerCase() || 'questions';
  if (!(COMMENT_POLICIES as readonly string[]).includes(value)) {
    throw new ConfigError(`SOCIAL_COMMENT_POLICY must be one of ${COMMENT_POLICIES.join(', ')}`);
  }
  return value as CommentPolicy;
}

const QUESTION_WORDS = new Set([
  // English: wh-words and the auxiliaries a yes/no question starts with
  'what', "what's", 'why', 'how', "how's", 'when', 'where', "where's", 'who', "who's", 'whom', 'whose', 'which',
  'can', 'could', 'would', 'will', 'should', 'shall', 'may', 'do', 'does', 'did', 'is', 'are', 'was', 'were',
  'have', 'has', 'any', 'anyone',
  // Russian
  'что', 'чего', 'чем', 'почему', 'зачем', 'как', 'какой', 'какая', 'какое', 'какие', 'каким', 'какую', 'когда',
  'где', 'куда', 'откуда', 'кто', 'кому', 'кого', 'сколько', 'можно', 'нельзя', 'подскажите', 'скажите',
  'есть', 'ли', 'разве', 'неужели', 'чей', 'чья', 'чьё', 'чье',
]);

/** Ends with a question mark, or its first word (after any @mentions) is a question word. */
export function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (/[?？¿]\s*[\p{Extended_Pictographic}\s]*$/u.test(trimmed)) return true;
  const words = trimmed.toLowerCase().split(/[\s,.!:;]+/u).filter((w) => w && !w.startsWith('@'));
  const first = words[0]?.replace(/[^\p{L}']/gu, '');
  return first !== undefined && QUESTION_WORDS.has(first);
}

export interface CommentVerdict {
  /** the assistant answers it on its own */
  autoAnswer: boolean;
  /** why, for the record */
  reason: string;
}

export function commentVerdict(policy: CommentPolicy, text: string): CommentVerdict {
  switch (policy) {
    case 'all': return { autoAnswer: true, reason: 'SOCIAL_COMMENT_POLICY=all' };
    case 'none': return { autoAnswer: false, reason: 'SOCIAL_COMMENT_POLICY=none: comments are answered by operators only' };
    case 'questions':
      return looksLikeQuestion(text)
        ? { autoAnswer: true, reason: 'SOCIAL_COMMENT_POLICY=questions: the comment is a question' }
        : { autoAnswer: false, reason: 'SOCIAL_COMMENT_POLICY=questions: the comment is not a question, so only an operator answers it' };
  }
}
