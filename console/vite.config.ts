import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the gateway at /console (src/gateway/console-assets.ts); `npm run dev` proxies the API to a local gateway.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env.SWITCHBOARD_URL ?? 'http://localhost:3000' } },
});
