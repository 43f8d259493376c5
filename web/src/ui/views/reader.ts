import { readUrl, READ_PREFIX } from '../../content/contentStore';
import { folderName } from '../../content/folderName';
import { parseSubmitMessage } from '../../sync/recorder';
import type { AppContext } from '../context';
import { h } from '../dom';
import { readHash } from './course';

/** The host bridge of the contract, set on the block page's window: problem pages hand their answers to it. */
interface BridgeWindow extends Window {
  SatchelBridge?: { postMessage(message: unknown): void };
}

/** One downloaded block in a same-origin iframe served by the service worker; records progress on opening. */
export async function readerView(ctx: AppContext, courseId: string, blockId: string): Promise<HTMLElement> {
  const course = await ctx.db.get('courses', courseId);
  const batchId = (await ctx.db.get('enrollments', courseId))?.batchId ?? '';
  const blocks = course?.manifest.blocks ?? [];
  let current = blocks.find((b) => b.blockId === blockId);
  const title = h('h2', { id: 'reader-title' }, current?.displayName ?? blockId);
  const status = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  const frame = h('iframe', { src: readUrl(courseId, blockId), title: current?.displayName ?? 'Course content', class: 'reader' });

  const record = async (id: string, state: 1 | 2) => {
    const known = await ctx.recorder.states(courseId);
    if (state === 1 && (known.get(id)?.status ?? 0) >= 1) {
      await ctx.recorder.progress(courseId, batchId, id, 1, known.get(id)!.progress); // a new lastAccessTime
    } else {
      await ctx.recorder.progress(courseId, batchId, id, state, state === 2 ? 100 : 0);
    }
    ctx.requestSync();
    await ctx.refreshStatus();
  };

  const complete = h('button', {
    type: 'button',
    onclick: async () => {
      if (!current) return;
      await record(current.blockId, 2);
      status.textContent = 'Marked as complete.';
    },
  }, 'Mark as complete');

  frame.addEventListener('load', () => {
    const win = frame.contentWindow as BridgeWindow | null;
    if (!win) return;
    // a link inside the page (../<folder>/index.html) may have opened another block: follow it
    const parts = win.location.pathname.slice(READ_PREFIX.length).split('/');
    const opened = blocks.find((b) => folderName(b.blockId) === parts[1]);
    if (opened && opened.blockId !== current?.blockId) {
      current = opened;
      title.textContent = opened.displayName;
      history.replaceState(null, '', readHash(courseId, opened.blockId));
      void record(opened.blockId, 1);
    }
    win.SatchelBridge = {
      postMessage: async (raw: unknown) => {
        const message = parseSubmitMessage(raw);
        if (!message) return;
        await ctx.recorder.submission(message);
        await ctx.recorder.progress(message.courseId, batchId, message.blockId, 2, 100); // answered ⇒ complete
        status.textContent = 'Your answer is saved and will be sent when you are online.';
        ctx.requestSync();
        await ctx.refreshStatus();
      },
    };
  });
  if (current) void record(current.blockId, 1);

  const index = blocks.findIndex((b) => b.blockId === current?.blockId);
  const nav = h(
    'nav',
    { class: 'pager', 'aria-label': 'Course navigation' },
    index > 0 && course?.blocks[blocks[index - 1].blockId] && h('a', { href: readHash(courseId, blocks[index - 1].blockId) }, '← Previous'),
    index >= 0 && index < blocks.length - 1 && course?.blocks[blocks[index + 1].blockId] &&
      h('a', { href: readHash(courseId, blocks[index + 1].blockId) }, 'Next →'),
  );
  return h(
    'section',
    { 'aria-labelledby': 'reader-title', class: 'reader-view' },
    h('p', {}, h('a', { href: '#/course/' + encodeURIComponent(courseId) }, '← Course outline')),
    title,
    frame,
    h('div', { class: 'actions' }, complete, status),
    nav,
  );
}
