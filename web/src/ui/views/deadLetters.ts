import type { ProgressEvent, Submission } from '../../api/types';
import type { AppContext } from '../context';
import { h } from '../dom';

/** Items the server rejected: shown, never silently dropped; the learner may dismiss them. */
export async function deadLettersView(ctx: AppContext, rerender: () => void): Promise<HTMLElement> {
  const letters = await ctx.db.getAll('deadLetters');
  return h(
    'section',
    { 'aria-labelledby': 'dead-title' },
    h('p', {}, h('a', { href: '#/' }, '← My courses')),
    h('h2', { id: 'dead-title' }, 'Not accepted by the server'),
    letters.length === 0
      ? h('p', {}, 'Nothing here: everything you did was accepted.')
      : h(
          'ul',
          { class: 'plain' },
          ...letters.map((l) =>
            h(
              'li',
              { class: 'card dead-letter' },
              h('p', {}, `${l.kind === 'progress' ? 'Progress' : 'Answer'} for ${(l.body as ProgressEvent | Submission).contentId}`),
              h('p', { class: 'error' }, `Refused: ${l.error} (${new Date(l.failedAt).toLocaleString()})`),
              h('button', {
                type: 'button',
                class: 'secondary',
                onclick: async () => {
                  await ctx.db.delete('deadLetters', l.eventId);
                  await ctx.refreshStatus();
                  rerender();
                },
              }, 'Dismiss'),
            ),
          ),
        ),
  );
}
