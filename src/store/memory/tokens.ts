import { byName, type ApiTokenRecord, type TokenStore } from '../tokens.js';

export class MemoryTokenStore implements TokenStore {
  private readonly byId = new Map<string, ApiTokenRecord>();

  async put(token: ApiTokenRecord): Promise<void> {
    this.byId.set(token.id, token);
  }

  async get(id: string): Promise<ApiTokenRecord | undefined> {
    return this.byId.get(id);
  }

  async list(): Promise<ApiTokenRecord[]> {
    return [...this.byId.values()].sort(byName);
  }

  async delete(id: string): Promise<boolean> {
    return this.byId.delete(id);
  }
}
