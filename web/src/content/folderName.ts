/**
 * Block folder names of the contract: every character outside [A-Za-z0-9._-] written as ~XX (upper-case hex of each
 * of its UTF-8 bytes). Downloaded blocks are served side by side under these names so `../<folder>/index.html`
 * links between blocks work.
 */
const SAFE = /[A-Za-z0-9._-]/;

export function folderName(id: string): string {
  let out = '';
  for (const ch of id) {
    if (SAFE.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of new TextEncoder().encode(ch)) {
      out += '~' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}
