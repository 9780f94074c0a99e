# The engine image: the same build runs the API (--role=api) and the workers (--role=worker).
# Node 24, the active LTS line (the engine also runs on 22, and on 20.19+).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall records the install (scripts/setup.mjs --stamp).
COPY scripts/setup.mjs scripts/install-state.mjs ./scripts/
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY package.json ./
# The one place the engine writes: TEMPORAL_DATA_DIR's default (.data, for a dev server it
# provisions) and the workers' HEALTH_FILE. The code itself stays read-only for the `node` user.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
# The heap ceiling (src/runtime/heap-limit.ts): ENGINE_MAX_HEAP_MB, 192 MiB unless set.
ENTRYPOINT ["sh", "-c", "exec node --max-old-space-size=${ENGINE_MAX_HEAP_MB:-192} dist/main.js \"$@\"", "node"]
CMD ["--role=all"]
