import type { ManifestBlock, OfflineManifest } from '../api/types';

/** What is on the device for one course: blockId → sha256 of the archive that was unpacked. */
export type DownloadedBlocks = Record<string, string>;

export interface DownloadPlan {
  /** blocks to fetch: not on the device, or their sha256 changed */
  fetch: ManifestBlock[];
  /** blocks already on the device with the same sha256 */
  keep: ManifestBlock[];
  /** bytes to fetch */
  bytes: number;
}

/** The leaves of the whole course, or those below one chapter/sequential/vertical (its id is in their path). */
export function blocksUnder(manifest: OfflineManifest, sectionId?: string): ManifestBlock[] {
  if (!sectionId) return manifest.blocks;
  return manifest.blocks.filter((b) => b.blockId === sectionId || b.path.includes(sectionId));
}

/** Only blocks whose sha256 changed (or that are missing) are fetched again. */
export function planDownload(manifest: OfflineManifest, onDevice: DownloadedBlocks, sectionId?: string): DownloadPlan {
  const fetch: ManifestBlock[] = [];
  const keep: ManifestBlock[] = [];
  for (const block of blocksUnder(manifest, sectionId)) {
    (onDevice[block.blockId] === block.offlineDownload.sha256 ? keep : fetch).push(block);
  }
  return { fetch, keep, bytes: fetch.reduce((sum, b) => sum + b.offlineDownload.fileSize, 0) };
}

/** Blocks on the device that the newest manifest no longer lists (deleted in a republish). */
export function goneBlocks(manifest: OfflineManifest, onDevice: DownloadedBlocks): string[] {
  const listed = new Set(manifest.blocks.map((b) => b.blockId));
  return Object.keys(onDevice).filter((id) => !listed.has(id));
}

/** Blocks on the device whose archive changed on the server: downloaded, but an older version. */
export function outdatedBlocks(manifest: OfflineManifest, onDevice: DownloadedBlocks): ManifestBlock[] {
  return manifest.blocks.filter((b) => onDevice[b.blockId] !== undefined && onDevice[b.blockId] !== b.offlineDownload.sha256);
}
