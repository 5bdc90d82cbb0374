# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: only the compiled code and production dependencies, as an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
# For serve and every other command run in the container (`docker compose exec firebridge node
# dist/cli/main.js subscriber add …`), so they all use the same Redis, key prefix and realm.
ENV FIREBRIDGE_CONFIG=config/firebridge.docker.yaml
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY routing-rules ./routing-rules
USER node
EXPOSE 1812/udp 1813/udp 9812/tcp 9813/tcp
# The same command `npm start` runs, with the same Node options (src/cli/node-options.ts).
ENTRYPOINT ["node", "--max-semi-space-size=32", "dist/cli/main.js"]
CMD ["serve"]
