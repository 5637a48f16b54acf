import type { RequestHandler, Router } from 'express';
import type { Channel } from '../domain/channel';
import type { Db } from '../db/pool';
import type { GatewayDependencies } from '../gateway/dependencies';
import type { ChannelSender } from './outbound';
import type { CommentModerator } from './social/comment-moderation';

/** A long-running listener a channel needs besides HTTP routes (e.g. the SMTP server for inbound e-mail). */
export interface ChannelServer {
  /** e.g. "smtp://0.0.0.0:2525" for the start-up summary */
  describe: string;
  stop(): Promise<void>;
}

/**
 * Everything one channel plugs into the platform. A channel whose settings are absent is off: loadSettings
 * returns undefined. Partial or invalid settings throw a ConfigError at start-up.
 */
export interface ChannelModule<Settings = unknown> {
  channel: Channel;
  loadSettings(env: NodeJS.ProcessEnv): Settings | undefined;
  /** One line for `npm start`'s summary, e.g. "webhook POST /webhooks/telegram". */
  describe(settings: Settings): string;
  /** Inbound HTTP routes, mounted at `mountPath` (default `/webhooks/<channel>`). */
  routes?(settings: Settings, deps: GatewayDependencies): Router;
  mountPath?: string;
  /**
   * Middleware that must run before the JSON body parser, so even its errors (400, 413) carry it — e.g. CORS
   * headers for a browser on another origin. Mounted at the given path.
   */
  beforeBody?: { path: string; handler: RequestHandler };
  /** Outbound delivery (runs in the worker's activities). */
  sender?(settings: Settings, db: Db): ChannelSender;
  /** Hiding (or deleting) customers' comments under the company's posts, for operators. */
  commentModerator?(settings: Settings): CommentModerator;
  /** Listeners started with the gateway (inbound SMTP, ...). */
  startServer?(settings: Settings, deps: GatewayDependencies): Promise<ChannelServer>;
}

export interface ActiveChannel {
  module: ChannelModule;
  settings: unknown;
}
