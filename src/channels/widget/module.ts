import { widgetCors } from './cors';
import type { ChannelModule } from '../channel-module';
import { WidgetMessageNotifications } from './message-notifications';
import { OpenStreams } from './message-stream';
import { WidgetSender } from './sender';
import { loadWidgetSettings, type WidgetSettings } from './settings';
import { loadWidgetAssets } from './static-assets';
import { widgetRoutes } from './widget-routes';
import type { GatewayDependencies } from '../../gateway/dependencies';

// routes() and startServer() get the same dependencies object per gateway; the open streams and the
// notification listener are shared through it, so that the gateway's shutdown ends them.
interface LiveReplies { streams: OpenStreams; notifications: WidgetMessageNotifications }
const liveByGateway = new WeakMap<GatewayDependencies, LiveReplies>();
function liveOf(deps: GatewayDependencies): LiveReplies {
  let live = liveByGateway.get(deps);
  if (!live) {
    live = { streams: new OpenStreams(), notifications: new WidgetMessageNotifications(deps.db, deps.logger.child({ channel: 'widget' })) };
    liveByGateway.set(deps, live);
  }
  return live;
}

/** The web chat widget: `/widget.js` for any site, `/demo`, and the visitor API under /api/v1/widget. */
export const widgetChannelModule: ChannelModule<WidgetSettings> = {
  channel: 'widget',
  loadSettings: loadWidgetSettings,
  describe: (s) => `script /widget.js (site key ${s.siteKeys[0]}), demo page /demo, API /api/v1/widget`,
  mountPath: '/',
  // CORS before the body parser, so a browser on another site also sees our 400/413 answers.
  beforeBody: { path: '/api/v1/widget', handler: widgetCors },
  routes: (settings, deps) => {
    const { streams, notifications } = liveOf(deps);
    return widgetRoutes(settings, deps, loadWidgetAssets(settings.siteKeys[0]!), streams, notifications);
  },
  sender: () => new WidgetSender(),
  async startServer(_settings, deps) {
    const { streams, notifications } = liveOf(deps);
    // in the background: until notifications are confirmed (or on a database without them) streams poll
    void notifications.start();
    return {
      describe: 'widget live replies: Server-Sent Events on /api/v1/widget/stream, woken by PostgreSQL LISTEN/NOTIFY (polled every second on the embedded database)',
      async stop() {
        await notifications.stop();
        streams.closeAll();
      },
    };
  },
};
