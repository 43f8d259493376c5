import type { OidcSettings } from './auth/oidc';

/** /app/config.json, served by sync-api: where the API is and how to sign in. */
export interface AppConfig {
  apiBase: string;
  oidc: OidcSettings | null;
  devSignIn: boolean;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/app/config.json');
  if (!response.ok) throw new Error(`the app settings could not be read (HTTP ${response.status})`);
  const config = (await response.json()) as AppConfig;
  return { apiBase: config.apiBase ?? '', oidc: config.oidc?.clientId ? config.oidc : null, devSignIn: !!config.devSignIn };
}
