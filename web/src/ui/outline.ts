import type { ManifestBlock, OfflineManifest } from '../api/types';

export interface OutlineSection {
  blockId: string;
  displayName: string;
  totalSize: number;
  /** 0 for a chapter, 1 for a sequential below it, … */
  depth: number;
  /** the leaves whose nearest listed section is this one, in course order */
  blocks: ManifestBlock[];
}

/** The manifest's sections in order, each with the leaves directly under it (a leaf appears once, below its nearest section). */
export function outlineOf(manifest: OfflineManifest): { sections: OutlineSection[]; loose: ManifestBlock[] } {
  const sections = manifest.sections.map((s) => ({ ...s, depth: 0, blocks: [] as ManifestBlock[] }));
  const byId = new Map(sections.map((s) => [s.blockId, s]));
  const loose: ManifestBlock[] = [];
  for (const block of manifest.blocks) {
    const listed = block.path.filter((id) => byId.has(id));
    listed.forEach((id, depth) => (byId.get(id)!.depth = Math.max(byId.get(id)!.depth, depth)));
    const nearest = listed[listed.length - 1];
    if (nearest) byId.get(nearest)!.blocks.push(block);
    else loose.push(block);
  }
  return { sections, loose };
}
