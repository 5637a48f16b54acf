import { readFileSync } from 'node:fs';
import path from 'node:path';

/** src/web/widget: the embeddable script, its stylesheet and the demo page, plain files without a build. */
export const WIDGET_ASSETS_DIR = path.resolve(__dirname, '../../web/widget');

export interface WidgetAssets {
  script: string;
  demoPage: string;
}

const CSS_PLACEHOLDER = '"/*WIDGET_CSS*/"';

/**
 * Read once per gateway. The stylesheet is inlined into the script (one request, one tag for the site); the
 * demo page embeds the widget with the first site key.
 */
export function loadWidgetAssets(siteKey: string): WidgetAssets {
  const read = (name: string) => readFileSync(path.join(WIDGET_ASSETS_DIR, name), 'utf8');
  const script = read('widget.js');
  if (!script.includes(CSS_PLACEHOLDER)) throw new Error('widget.js lost its CSS placeholder');
  return {
    script: script.replace(CSS_PLACEHOLDER, () => JSON.stringify(read('widget.css'))),
    // The site key is validated to [A-Za-z0-9_-] by the settings, so it is safe inside an HTML attribute.
    demoPage: read('demo.html').replace(/\{\{SITE_KEY\}\}/g, () => siteKey),
  };
}
