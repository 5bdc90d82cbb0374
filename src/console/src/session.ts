// The bearer token the console calls the API with: kept in sessionStorage, so it lasts as long as
// the tab and is never written to disk by the browser (README → Console and API → Web console).
const KEY = 'firebridge.token';

export const session = {
  token(): string | undefined {
    return sessionStorage.getItem(KEY) ?? undefined;
  },
  keep(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  forget(): void {
    sessionStorage.removeItem(KEY);
  },
};
