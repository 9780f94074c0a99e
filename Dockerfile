# The engine image: the same build runs the API (--role=api) and the workers (--role=worker).
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
USER node
ENTRYPOINT ["node", "dist/main.js"]
CMD ["--role=all"]
