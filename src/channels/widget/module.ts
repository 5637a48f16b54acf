import { widgetCors } from './cors';
import type { ChannelModule } from '../channel-module';
import { OpenStreams } from './message-stream';
import { WidgetSender } from './sender';
import { loadWidgetSettings, type WidgetSettings } from './settings';
import { loadWidgetAssets } from './static-assets';
import { widgetRoutes } from './widget-routes';
import type { GatewayDependencies } from '../../gateway/dependencies';

// routes() and startServer() get the same dependencies object per gateway; the open streams are shared
// through it so that the gateway's shutdown ends them.
const streamsByGateway = new WeakMap<GatewayDependencies, OpenStreams>();
function streamsOf(deps: GatewayDependencies): OpenStreams {
  let streams = streamsByGateway.get(deps);
  if (!streams) streamsByGateway.set(deps, (streams = new OpenStreams()));
  return streams;
}

/** The web chat widget: `/widget.js` for any site, `/demo`, and the visitor API under /api/v1/widget. */
export const widgetChannelModule: ChannelModule<WidgetSettings> = {
  channel: 'widget',
  loadSettings: loadWidgetSettings,
  describe: (s) => `script /widget.js (site key ${s.siteKeys[0]}), demo page /demo, API /api/v1/widget`,
  mountPath: '/',
  // CORS before the body parser, so a browser on another site also sees our 400/413 answers.
  beforeBody: { path: '/api/v1/widget', handler: widgetCors },
  routes: (settings, deps) => widgetRoutes(settings, deps, loadWidgetAssets(settings.siteKeys[0]!), streamsOf(deps)),
  sender: () => new WidgetSender(),
  async startServer(_settings, deps) {
    const streams = streamsOf(deps);
    return {
      describe: 'widget live replies: Server-Sent Events on /api/v1/widget/stream',
      async stop() {
        streams.closeAll();
      },
    };
  },
};
