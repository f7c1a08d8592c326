# One image for the services, the migration step and the tools (compose picks the command); reporting's image adds
# Chromium and the CJK fonts (stage `reporting`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json .swcrc nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
# The console (apps/console) is typed from the committed OpenAPI document.
COPY openapi/openapi.json ./openapi/openapi.json
RUN npm run build

FROM node:20-bookworm-slim AS base
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# TM Forum's TMF621 documents, served by the gateway beside its own.
COPY openapi/tmf ./openapi/tmf
# Seed 000 of the case library, read at run time by `cases:seed` and the admin route that loads it.
COPY apps/reporting/src/cases/seed ./apps/reporting/src/cases/seed
USER node
CMD ["node", "--enable-source-maps", "dist/apps/gateway/src/main.js"]

# Reporting renders the reports' PDFs with headless Chromium and needs CJK fonts for them: only its image carries them.
FROM base AS reporting
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
ENV CHROMIUM_PATH=/usr/bin/chromium
USER node
CMD ["node", "--enable-source-maps", "dist/apps/reporting/src/main.js"]

# The default (last) stage: every other service, the migration step and the tools, without a browser.
FROM base AS runtime
