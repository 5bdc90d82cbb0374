// What can be checked of the Docker deployment without a Docker engine: the compose file's config is
// valid, and the image runs the same command npm start runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import { SERVE_NODE_OPTIONS } from '../src/cli/node-options.js';

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));

describe('deployment files', () => {
  it('the configuration the compose file passes is valid, with Redis from the environment', () => {
    const compose = parse(readFileSync(root('docker-compose.yml'), 'utf8')) as {
      services: { firebridge: { environment: Record<string, string>; volumes: string[] } };
    };
    const env = compose.services.firebridge.environment;
    const loaded = loadConfig(root(env.FIREBRIDGE_CONFIG!), { REDIS_URL: env.REDIS_URL });
    expect(loaded.config.redis.url).toBe('redis://redis:6379');
    expect(loaded.config.listen.host).toBe('::');
    expect(compose.services.firebridge.volumes).toContain('./routing-rules:/app/routing-rules:ro');
  });

  it('the image starts `node <serve options> dist/cli/main.js serve`, as npm start does', () => {
    const dockerfile = readFileSync(root('Dockerfile'), 'utf8');
    const entry = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(dockerfile)![1]!) as string[];
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!) as string[];
    expect([...entry, ...cmd]).toEqual(['node', ...SERVE_NODE_OPTIONS, 'dist/cli/main.js', 'serve']);
    const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    // No --config: `npm start` finds config/firebridge.yaml as every other command run here does.
    expect(pkg.scripts.start).toBe(['node', ...SERVE_NODE_OPTIONS, 'dist/cli/main.js', 'serve'].join(' '));
    expect(pkg.bin.firebridge).toBe('dist/cli/main.js');
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
