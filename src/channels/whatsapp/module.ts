import type { ChannelModule } from '../channel-module';
import { WhatsAppGraphApi } from './graph-api';
import { whatsAppRoutes } from './inbound-routes';
import { WhatsAppSender } from './sender';
import { loadWhatsAppSettings, type WhatsAppSettings } from './settings';
import { DbWhatsAppStore } from './whatsapp-store';

/** WhatsApp Cloud API: webhook GET/POST /webhooks/whatsapp in, Graph API messages out. On with WHATSAPP_ACCESS_TOKEN. */
export const whatsAppModule: ChannelModule<WhatsAppSettings> = {
  channel: 'whatsapp',
  loadSettings: loadWhatsAppSettings,
  describe: (s) => `webhook GET/POST /webhooks/whatsapp, replies from phone number id ${s.phoneNumberId}`
    + (s.template ? ` (template ${s.template.name} outside the 24-hour window)` : ' (no template: no replies after 24 hours)'),
  routes: whatsAppRoutes,
  sender: (s, db) => new WhatsAppSender(new WhatsAppGraphApi(s), new DbWhatsAppStore(db), s.template),
};
