// Code blocks in rendered Markdown: each `<pre>` is keyboard-focusable (Tab to it, then the arrow keys scroll it)
// and gets a Copy button, shown on hover and on keyboard focus. Copying uses the webview's own clipboard
// (navigator.clipboard); when that is refused, the code is selected and copied with the editing command instead.
import { h } from './dom';

const RESET_MS = 2000;

/** Wraps every `<pre>` under `root` with its Copy button. Call on sanitised Markdown only once. */
export function decorateCodeBlocks(root: DocumentFragment | Element): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    pre.tabIndex = 0;
    const language = /(?:^|\s)language-([\w+#.-]+)/.exec(pre.querySelector('code')?.className ?? '')?.[1];
    const label = language ? `Copy ${language} code` : 'Copy code';
    const status = h('span', { class: 'sr-only', role: 'status' });
    const copy = h('button', { type: 'button', class: 'copy-code', 'data-testid': 'copy-code', title: label, 'aria-label': label }, 'Copy');
    let timer: number | undefined;
    copy.addEventListener('click', () => {
      void copyText(pre).then((ok) => {
        copy.textContent = ok ? 'Copied' : 'Press Ctrl+C';
        copy.setAttribute('aria-label', ok ? 'Copied' : 'Copy failed: the code is selected, press Ctrl+C');
        copy.classList.add('done');
        status.textContent = ok ? 'Code copied to the clipboard' : 'Could not copy: the code is selected';
        window.clearTimeout(timer);
        timer = window.setTimeout(() => {
          copy.textContent = 'Copy';
          copy.setAttribute('aria-label', label);
          copy.classList.remove('done');
          status.textContent = '';
        }, RESET_MS);
      });
    });
    const block = h('div', { class: 'code-block', 'data-testid': 'code-block' });
    pre.replaceWith(block);
    block.append(pre, copy, status);
  }
}

async function copyText(pre: HTMLElement): Promise<boolean> {
  const text = pre.textContent ?? '';
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const selection = window.getSelection();
    selection?.selectAllChildren(pre);
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
