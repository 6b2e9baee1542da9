// Markdown from the model or from notes, rendered safely: markdown-it with raw HTML off, then DOMPurify on the
// output, returned as DOM nodes (never assigned as HTML). Links never navigate the webview: a click asks the host
// to open the link (http, https and mailto only; see panelView.ts). Code blocks get a Copy button (codeBlock.ts).
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { decorateCodeBlocks } from './codeBlock';
import { post } from './hostChannel';

const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });

// Images would be remote loads (blocked by the CSP anyway): show their alt text instead.
md.renderer.rules.image = (tokens, idx) => md.utils.escapeHtml(`[${tokens[idx].content || 'image'}]`);

const FORBID_TAGS = ['img', 'style', 'script', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math', 'link', 'meta', 'base'];
const SAFE_HREF = /^(?:https?:|mailto:|#)/i;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_HREF.test(href)) node.removeAttribute('href');
    else node.setAttribute('title', href);
    node.removeAttribute('target');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** The Markdown as a sanitised fragment, ready to append. */
export function renderMarkdown(text: string): DocumentFragment {
  const fragment = DOMPurify.sanitize(md.render(text), {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'target', 'srcset', 'action', 'formaction'],
    ALLOW_DATA_ATTR: false,
  });
  decorateCodeBlocks(fragment); // after sanitising: our own button, not the model's
  return fragment;
}

/** Sends clicks on rendered links to the host instead of letting the webview navigate. Call once. */
export function routeLinksThroughHost(root: HTMLElement): void {
  const handle = (event: MouseEvent) => {
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || !root.contains(link)) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    if (href && /^(?:https?:|mailto:)/i.test(href)) post({ type: 'openLink', href });
  };
  root.addEventListener('click', handle);
  root.addEventListener('auxclick', handle);
}
