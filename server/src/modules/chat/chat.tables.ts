import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, RequiredTimestamp } from '../../db/schema.ts';

export type ChatStatus = 'bot' | 'waiting' | 'human' | 'closed';
export type ChatSender = 'resident' | 'bot' | 'employee' | 'system';
export type ArticleSource = { id: string; slug: string; title: string };
export type Choice = { id: string; title: string };

export interface ChatConversationsTable {
  id: string;
  resume_token_hash: string;
  status: Generated<ChatStatus>;
  next_seq: Generated<number>;
  unknown_answers: Generated<number>;
  team_id: string | null;
  employee_id: string | null;
  party_id: string | null;
  matched_article_id: string | null;
  contact_id: string | null;
  waiting_since: NullableTimestamp;
  created_at: RequiredTimestamp;
  updated_at: RequiredTimestamp;
  closed_at: NullableTimestamp;
}

export interface ChatMessagesTable {
  conversation_id: string;
  seq: number;
  sender: ChatSender;
  client_id: string | null;
  text: string;
  source: ColumnType<ArticleSource | null, string | null | undefined, string | null>;
  choices: ColumnType<Choice[] | null, string | null | undefined, string | null>;
  employee_id: string | null;
  created_at: RequiredTimestamp;
}

export interface SatisfactionScoresTable {
  id: string;
  contact_id: string | null;
  conversation_id: string | null;
  channel: string;
  score: number;
  comment: string | null;
  created_at: RequiredTimestamp;
}

export type ProactiveSignal = 'time_on_page' | 'repeated_search' | 'form_error' | 'returning';

export interface ChatProactiveRulesTable {
  id: string;
  name: string;
  signal: ProactiveSignal;
  page: Generated<string>;
  threshold: number;
  message: string;
  active: Generated<boolean>;
  created_at: RequiredTimestamp;
}

export interface ChatOffersTable {
  visitor_id: string;
  offered_at: RequiredTimestamp;
  rule_id: string | null;
}

export interface SatisfactionRequestsTable {
  token_hash: string;
  contact_id: string;
  channel: string;
  created_at: RequiredTimestamp;
  used_at: NullableTimestamp;
}

export interface ChatTables {
  satisfaction_requests: SatisfactionRequestsTable;
  chat_proactive_rules: ChatProactiveRulesTable;
  chat_offers: ChatOffersTable;
  chat_conversations: ChatConversationsTable;
  chat_messages: ChatMessagesTable;
  satisfaction_scores: SatisfactionScoresTable;
}
