import type { ManifestBlock } from '../../api/types';
import { describeError, download, refreshManifest, removeCourse, type DownloadProgress } from '../../content/downloader';
import { blocksUnder, planDownload } from '../../content/manifestDiff';
import type { CourseRecord } from '../../store/db';
import { completionOf } from '../../sync/merge';
import type { ProgressState } from '../../sync/merge';
import type { AppContext } from '../context';
import { h } from '../dom';
import { formatBytes } from '../format';
import { outlineOf } from '../outline';

export function readHash(courseId: string, blockId: string): string {
  return `#/read/${encodeURIComponent(courseId)}/${encodeURIComponent(blockId)}`;
}

/** The course outline from its offline manifest: sections with sizes, leaves in order, marks for downloaded and done. */
export async function courseView(ctx: AppContext, courseId: string, rerender: () => void): Promise<HTMLElement> {
  let record: CourseRecord | undefined;
  let note = '';
  try {
    record = await refreshManifest(ctx.db, ctx.api, courseId);
  } catch (e) {
    record = await ctx.db.get('courses', courseId);
    note = record ? 'Offline: showing the outline kept on this device.' : describeError(e);
  }
  const back = h('p', {}, h('a', { href: '#/' }, '← My courses'));
  if (!record) return h('section', {}, back, h('p', { class: 'error', role: 'alert' }, note));
  const course = record;
  const states = await ctx.recorder.states(courseId);
  const completion = completionOf(course.manifest.blocks, states);
  const whole = planDownload(course.manifest, course.blocks);
  const bar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Download progress' });
  const barText = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });
  let busy = false;

  const startDownload = async (sectionId?: string) => {
    if (busy) return;
    busy = true;
    error.textContent = '';
    bar.hidden = false;
    const show = (p: DownloadProgress) => {
      bar.max = Math.max(1, p.bytesTotal);
      bar.value = p.bytesDone;
      barText.textContent = `Downloading: ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} (${p.blocksDone} of ${p.blocksTotal} parts)`;
    };
    try {
      const summary = await download(ctx.db, ctx.api, courseId, sectionId, show);
      ctx.announce(
        `Downloaded ${summary.fetched.length} part${summary.fetched.length === 1 ? '' : 's'} (${formatBytes(summary.bytes)}); ` +
          `${summary.kept} already on this device.`,
      );
      rerender();
    } catch (e) {
      error.textContent = 'The download stopped: ' + describeError(e) + ' What is downloaded is kept; try again to go on.';
      busy = false;
    }
  };

  const { sections, loose } = outlineOf(course.manifest);
  const blockItem = (b: ManifestBlock) => blockRow(courseId, course, b, states);
  const sectionItems = sections.map((s) => {
    const plan = planDownload(course.manifest, course.blocks, s.blockId);
    const all = blocksUnder(course.manifest, s.blockId).length;
    const Heading = s.depth === 0 ? 'h3' : 'h4';
    return h(
      'li',
      { class: 'section depth-' + Math.min(s.depth, 2) },
      h(
        'div',
        { class: 'section-head' },
        h(Heading, {}, s.displayName),
        h('span', { class: 'hint' }, `${formatBytes(s.totalSize)} · ${all - plan.fetch.length} of ${all} on this device`),
        plan.fetch.length > 0 &&
          h('button', { type: 'button', class: 'secondary', onclick: () => startDownload(s.blockId) },
            `Download “${s.displayName}” (${formatBytes(plan.bytes)})`),
      ),
      s.blocks.length > 0 && h('ul', { class: 'plain blocks' }, ...s.blocks.map(blockItem)),
    );
  });

  const downloadedCount = Object.keys(course.blocks).length;
  return h(
    'section',
    { 'aria-labelledby': 'course-title' },
    back,
    h('h2', { id: 'course-title' }, courseId),
    note && h('p', { class: 'hint' }, note),
    h('p', { class: 'completion', id: 'course-completion' },
      `${completion.completionPercentage}% complete · ${completion.completedCount} of ${completion.leafCount} done`),
    h(
      'div',
      { class: 'card actions' },
      whole.fetch.length > 0
        ? h('button', { type: 'button', onclick: () => startDownload() },
            downloadedCount > 0
              ? `Update the download (${whole.fetch.length} part${whole.fetch.length === 1 ? '' : 's'}, ${formatBytes(whole.bytes)})`
              : `Download the whole course (${formatBytes(whole.bytes)})`)
        : h('p', { class: 'ok' }, 'The whole course is on this device.'),
      downloadedCount > 0 &&
        h('button', {
          type: 'button',
          class: 'danger',
          onclick: async () => {
            if (!confirm('Remove this course from this device? Your progress is kept.')) return;
            await removeCourse(ctx.db, courseId);
            ctx.announce('The course was removed from this device.');
            rerender();
          },
        }, 'Remove from this device'),
      bar,
      barText,
      error,
    ),
    h('ol', { class: 'plain outline' }, ...sectionItems, ...loose.map(blockItem)),
  );
}

function blockRow(courseId: string, course: CourseRecord, b: ManifestBlock, states: Map<string, ProgressState>): HTMLElement {
  const onDevice = course.blocks[b.blockId] !== undefined;
  const current = course.blocks[b.blockId] === b.offlineDownload.sha256;
  const done = states.get(b.blockId)?.status === 2;
  return h(
    'li',
    { class: 'block', 'data-block': b.blockId },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, done ? '✓' : '○'),
    onDevice
      ? h('a', { href: readHash(courseId, b.blockId) }, b.displayName || b.type)
      : h('span', {}, b.displayName || b.type),
    h('span', { class: 'hint' },
      ` ${b.type} · ${formatBytes(b.offlineDownload.fileSize)}` +
        (done ? ' · done' : '') +
        (onDevice ? (current ? ' · on this device' : ' · update available') : ' · not downloaded')),
  );
}
