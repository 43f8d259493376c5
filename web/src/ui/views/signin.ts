import { saveToken, subjectOf } from '../../auth/session';
import { startSignIn } from '../../auth/oidc';
import type { AppContext } from '../context';
import { h } from '../dom';

/** Sign-in: the organisation's OIDC provider when configured; a pasted token (the local stack's dev token) always. */
export function signInView(ctx: AppContext, onSignedIn: () => void): HTMLElement {
  const error = h('p', { class: 'error', role: 'alert' });
  const field = h('textarea', { id: 'token', name: 'token', rows: 4, autocomplete: 'off', spellcheck: 'false', required: true });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const token = field.value.trim();
        if (!subjectOf(token)) {
          error.textContent = 'That is not an access token (it should look like xxxxx.yyyyy.zzzzz).';
          return;
        }
        await saveToken(ctx.db, token);
        onSignedIn();
      },
    },
    h('label', { for: 'token' }, 'Access token'),
    h('p', { class: 'hint' }, 'Paste the token you were given (on the local stack: ./deploy/local/token <user> learner).'),
    field,
    h('button', { type: 'submit' }, 'Sign in with this token'),
    error,
  );
  const oidc = ctx.config.oidc;
  return h(
    'section',
    { 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, 'Sign in'),
    oidc &&
      h(
        'div',
        { class: 'card' },
        h('button', {
          type: 'button',
          onclick: () => startSignIn(oidc).catch((e: Error) => (error.textContent = e.message)),
        }, 'Sign in with your organisation'),
      ),
    form,
  );
}
