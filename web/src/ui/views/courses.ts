import type { Enrollment } from '../../api/types';
import { kvGet, kvSet } from '../../store/db';
import { completionOf, type Completion } from '../../sync/merge';
import type { AppContext } from '../context';
import { h } from '../dom';

const ENROLLMENTS_ETAG = 'enrollmentsEtag';

/** The enrolled courses (GET /api/v1/enrollments with its ETag; the kept list when offline). */
async function enrollments(ctx: AppContext): Promise<{ list: Enrollment[]; fresh: boolean }> {
  try {
    const answer = await ctx.api.enrollments((await kvGet<string>(ctx.db, ENROLLMENTS_ETAG)) ?? null);
    if (!answer.notModified && answer.value) {
      const tx = ctx.db.transaction('enrollments', 'readwrite');
      await tx.store.clear();
      for (const e of answer.value.enrollments) await tx.store.put(e);
      await tx.done;
      await kvSet(ctx.db, ENROLLMENTS_ETAG, answer.etag);
    }
    return { list: await ctx.db.getAll('enrollments'), fresh: true };
  } catch (e) {
    if (!(e instanceof TypeError)) throw e; // unreachable server: show what we kept
    return { list: await ctx.db.getAll('enrollments'), fresh: false };
  }
}

/** Completion from the local merge when the course's manifest is on the device (offline progress counts at once). */
export async function completionFor(ctx: AppContext, enrollment: Enrollment): Promise<Completion> {
  const course = await ctx.db.get('courses', enrollment.courseId);
  if (!course) return enrollment;
  return completionOf(course.manifest.blocks, await ctx.recorder.states(enrollment.courseId));
}

export async function coursesView(ctx: AppContext): Promise<HTMLElement> {
  const { list, fresh } = await enrollments(ctx);
  const items = await Promise.all(
    list.map(async (e) => {
      const c = await completionFor(ctx, e);
      const downloaded = Object.keys((await ctx.db.get('courses', e.courseId))?.blocks ?? {}).length;
      return h(
        'li',
        { class: 'card course' },
        h('h3', {}, h('a', { href: '#/course/' + encodeURIComponent(e.courseId) }, e.courseId)),
        h('progress', { max: 100, value: c.completionPercentage, 'aria-label': 'Completion of ' + e.courseId }),
        h(
          'p',
          { class: 'completion', 'data-course': e.courseId },
          `${c.completionPercentage}% complete · ${c.completedCount} of ${c.leafCount} done`,
        ),
        h('p', { class: 'hint' }, downloaded > 0 ? `${downloaded} parts on this device` : 'Not downloaded yet'),
      );
    }),
  );
  return h(
    'section',
    { 'aria-labelledby': 'courses-title' },
    h('h2', { id: 'courses-title' }, 'My courses'),
    !fresh && h('p', { class: 'hint' }, 'Offline: showing the courses kept on this device.'),
    list.length === 0 ? h('p', {}, 'You are not enrolled in any course yet.') : h('ul', { class: 'plain' }, ...items),
  );
}
