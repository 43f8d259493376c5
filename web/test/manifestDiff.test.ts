import { describe, expect, it } from 'vitest';
import type { ManifestBlock, OfflineManifest } from '../src/api/types';
import { blocksUnder, goneBlocks, outdatedBlocks, planDownload } from '../src/content/manifestDiff';

const block = (id: string, sha: string, size: number, path: string[]): ManifestBlock => ({
  blockId: id,
  type: 'html',
  displayName: id,
  path,
  offlineDownload: { fileUrl: 'http://s3/' + id, fileSize: size, sha256: sha, lastModified: '2026-01-01T00:00:00.000Z' },
});

const manifest: OfflineManifest = {
  courseId: 'course-v1:O+C+R',
  publishedAt: '2026-01-01T00:00:00.000Z',
  generatedAt: '2026-01-01T00:00:00.000Z',
  course: { fileUrl: 'http://s3/course', fileSize: 1, sha256: 'c', lastModified: '2026-01-01T00:00:00.000Z' },
  blocks: [
    block('a', 'sha-a2', 10, ['ch1', 'seq1', 'v1']),
    block('b', 'sha-b', 20, ['ch1', 'seq1', 'v1']),
    block('c', 'sha-c', 40, ['ch2', 'seq2', 'v2', 'split']),
  ],
  sections: [],
};

describe('planDownload', () => {
  it('fetches everything on a new device', () => {
    const plan = planDownload(manifest, {});
    expect(plan.fetch.map((b) => b.blockId)).toEqual(['a', 'b', 'c']);
    expect(plan.bytes).toBe(70);
  });

  it('fetches only blocks whose sha256 changed or that are missing', () => {
    const plan = planDownload(manifest, { a: 'sha-a1', b: 'sha-b', c: 'sha-c' });
    expect(plan.fetch.map((b) => b.blockId)).toEqual(['a']);
    expect(plan.keep.map((b) => b.blockId)).toEqual(['b', 'c']);
    expect(plan.bytes).toBe(10);
  });

  it('limits a section download to the leaves below it, at any depth of the path', () => {
    expect(planDownload(manifest, {}, 'ch2').fetch.map((b) => b.blockId)).toEqual(['c']);
    expect(blocksUnder(manifest, 'split').map((b) => b.blockId)).toEqual(['c']);
    expect(planDownload(manifest, { b: 'sha-b' }, 'seq1').fetch.map((b) => b.blockId)).toEqual(['a']);
  });
});

describe('goneBlocks and outdatedBlocks', () => {
  it('finds blocks a republish deleted and blocks whose archive changed', () => {
    const onDevice = { a: 'sha-a1', b: 'sha-b', deleted: 'sha-x' };
    expect(goneBlocks(manifest, onDevice)).toEqual(['deleted']);
    expect(outdatedBlocks(manifest, onDevice).map((b) => b.blockId)).toEqual(['a']);
  });
});
