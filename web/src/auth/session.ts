import { kvGet, kvSet, type SatchelDb } from '../store/db';

const TOKEN_KEY = 'token';

/** The learner's bearer token lives in IndexedDB, so the service worker can send the outbox too. */
export async function storedToken(db: SatchelDb): Promise<string | null> {
  return (await kvGet<string>(db, TOKEN_KEY)) ?? null;
}

export async function saveToken(db: SatchelDb, token: string): Promise<void> {
  await kvSet(db, TOKEN_KEY, token.trim());
}

export async function signOut(db: SatchelDb): Promise<void> {
  await db.delete('kv', TOKEN_KEY);
}

/** The `sub` claim of a JWT (the user id), or null when the text is not a JWT. */
export function subjectOf(token: string): string | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: string; exp?: number };
    return claims.sub ?? null;
  } catch {
    return null;
  }
}

/** A token handed over in the link `deploy/local/up` prints: /app/#token=... (removed from the address at once). */
export function tokenFromHash(location: Location, history: History): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return decodeURIComponent(match[1]);
}
