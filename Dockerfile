# Switchboard gateway and worker (docker-compose.yml runs `npm run gateway` and `npm run worker` from this image).
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so editing the source does not reinstall them. The app runs TypeScript through tsx.
# The lock file is written where the registry does not serve other platforms' optional packages, so npm 11's
# `npm ci` may call it out of sync; `npm install` then installs the same pinned versions.
COPY package.json package-lock.json ./
RUN (npm ci --no-audit --no-fund || npm install --no-audit --no-fund) \
  && npm cache clean --force

COPY --chown=node:node . .
# The operator console (/console): its own packages and a Vite build into console/dist.
RUN npm run console:build && rm -rf console/node_modules && npm cache clean --force

ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data
# attachments (ATTACHMENTS_STORAGE=local): a volume shared by gateway and worker is mounted there
RUN mkdir -p /app/.data/attachments && chown -R node:node /app/.data
USER node

EXPOSE 3000
CMD ["npm", "run", "gateway"]
