// The chat tab: the transcript (user messages, streamed Markdown replies, tool cards, specialist cards, recalls,
// approvals, errors), the composer (Enter sends, Shift+Enter adds a line, Escape stops; an outcome attached above
// the input goes with the next request), New Session and the recent sessions.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ChatItem, MentionOption, PanelState, SessionSummary, WaitStatus } from '../shared/panelState';
import { AttachmentChips } from './attachmentChips';
import { button, h, replaceChildren, shortDate } from './dom';
import { loadDraft, post, saveDraft } from './hostChannel';
import { MentionMenu } from './mentionMenu';
import { renderMarkdown } from './markdown';
import { editsLine, modeSwitch, planLine } from './requestActions';
import { outcomeCard, revisionLine } from './outcomeCard';
import { OutcomeComposer } from './outcomeComposer';
import { compactedLine, costLine, infoLine } from './sessionLines';
import { SlashMenu } from './slashMenu';
import { specialistCard, turnUsageLine } from './specialistCard';
import { thinkingBlock, thinkingDetails, thinkingSwitch } from './thinkingBlock';
import { approvalCard, itemShell, recallCard, toolCard } from './toolCard';
import { WaitLine } from './waitLine';

export class ChatView {
  readonly element: HTMLElement;
  private readonly notices = h('div', { class: 'notices' });
  private readonly history = h('div', { class: 'history', hidden: true });
  private readonly list = h('div', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLElement;
  private readonly stopButton: HTMLElement;
  private readonly outcome = new OutcomeComposer();
  private readonly slash: SlashMenu;
  private readonly mention: MentionMenu;
  private readonly wait = new WaitLine();
  private readonly thinking = thinkingSwitch();
  private readonly mode = modeSwitch();
  private readonly chips: AttachmentChips;
  private readonly items = new Map<string, ChatItem>();
  private readonly pendingRender = new Set<string>();
  private state: PanelState | undefined;

  constructor() {
    this.input = h('textarea', {
      'data-testid': 'prompt-input',
      class: 'prompt',
      rows: 3,
      placeholder: 'Ask Lucid to do something in this workspace… (Enter sends, Shift+Enter: new line, /: commands, @: files)',
      'aria-label': 'Message to Lucid',
    });
    this.input.value = loadDraft();
    this.input.addEventListener('input', () => saveDraft(this.input.value));
    this.slash = new SlashMenu(this.input);
    this.mention = new MentionMenu(this.input);
    this.input.addEventListener('keydown', (e) => {
      if (!e.isComposing && (this.slash.handleKey(e) || this.mention.handleKey(e))) {
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      }
    });
    this.sendButton = button('Send', () => this.send(), { testid: 'send-button', primary: true, title: 'Send (Enter)' });
    this.stopButton = button('Stop', () => post({ type: 'stop' }), { testid: 'stop-button', title: 'Stop (Escape)' });
    this.stopButton.hidden = true;
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chat' },
      button('New Session', () => post({ type: 'newSession' }), { testid: 'new-session-button', title: 'End this session and start a new one' }),
      button('History', () => this.toggleHistory(), { testid: 'history-button', title: 'Show recent sessions' }),
    );
    const actions = h('div', { class: 'composer-actions' }, this.outcome.toggle, this.mode.element, this.thinking.element, h('span', { class: 'spacer' }), this.stopButton, this.sendButton);
    const composer = h('div', { class: 'composer' }, this.outcome.element, this.slash.element, this.mention.element, this.input, actions);
    this.chips = new AttachmentChips(this.input, composer);
    composer.insertBefore(this.chips.element, this.input);
    this.element = h('div', { class: 'chat-pane' }, toolbar, this.history, this.notices, this.list, this.wait.element, this.wait.announcer, composer);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.state?.busy) {
        e.preventDefault();
        post({ type: 'stop' });
      }
    });
  }

  focusInput(): void {
    this.input.focus();
  }

  render(state: PanelState): void {
    this.state = state;
    this.renderNotices(state);
    this.renderHistory(state.sessions);
    this.outcome.render(state);
    // A snapshot from an older host (or the preview's samples) may lack the newer fields.
    this.mode.render(state.approvalMode ?? 'ask');
    this.thinking.render(!!state.thinking);
    this.chips.render(state.attachments ?? []);
    this.slash.setCommands(state.slashCommands);
    this.items.clear();
    replaceChildren(this.list, ...state.transcript.map((item) => (this.items.set(item.id, item), this.renderItem(item))));
    if (!state.transcript.length) this.list.append(this.welcome(state));
    this.setBusy(state.busy);
    if (!state.busy) this.wait.set(null);
    this.scrollToEnd(true);
  }

  /** A new item, or a new version of one already shown. */
  upsert(item: ChatItem): void {
    const wasAtEnd = this.atEnd();
    this.items.set(item.id, item);
    const el = this.renderItem(item);
    const old = this.find(item.id);
    if (old) old.replaceWith(el);
    else {
      this.list.querySelector('.welcome')?.remove();
      this.list.append(el);
    }
    this.scrollToEnd(wasAtEnd);
  }

  /** Streamed text for an assistant reply: re-rendered at most once a frame. */
  appendText(itemId: string, text: string): void {
    const item = this.items.get(itemId);
    if (item?.kind !== 'assistant') return;
    item.markdown += text;
    if (this.pendingRender.has(itemId)) return;
    this.pendingRender.add(itemId);
    requestAnimationFrame(() => {
      this.pendingRender.delete(itemId);
      const current = this.items.get(itemId);
      if (current) this.upsert(current);
    });
  }

  /** The host's answer to an `@` query. */
  mentionOptions(seq: number, options: MentionOption[]): void {
    this.mention.showOptions(seq, options);
  }

  /** The request waits for the model or a retry (the spinner line), or no longer does. */
  waitStatus(status: WaitStatus | null): void {
    const wasAtEnd = this.atEnd();
    this.wait.set(status);
    this.scrollToEnd(wasAtEnd);
  }

  /** The outcome form's input was refused by the host. */
  outcomeProblem(message: string): void {
    this.outcome.showProblem(message);
  }

  /** A request the host refused before it ran: its text comes back (unless something new was typed). */
  restoreDraft(text: string): void {
    if (this.input.value.trim()) return;
    this.input.value = text;
    saveDraft(text);
    this.input.focus();
  }

  private send(): void {
    const text = this.input.value;
    if (!text.trim() || this.state?.busy) return;
    const outcome = this.outcome.takeForSend();
    const images = this.chips.takeImages();
    post({ type: 'send', text, ...(outcome ? { outcome } : {}), ...(images.length ? { images } : {}) });
    this.slash.close();
    this.mention.close();
    this.input.value = '';
    saveDraft('');
  }

  private setBusy(busy: boolean): void {
    this.stopButton.hidden = !busy;
    this.sendButton.hidden = busy;
    this.sendButton.toggleAttribute('disabled', !this.state?.hasApiKey || !this.state?.workspace);
  }

  private renderItem(item: ChatItem): HTMLElement {
    switch (item.kind) {
      case 'user':
        return itemShell(item, h('div', { class: 'bubble' }, item.text));
      case 'assistant': {
        const body = h('div', { class: 'markdown' });
        body.append(renderMarkdown(item.markdown));
        if (item.streaming) body.append(h('span', { class: 'cursor', 'aria-hidden': 'true' }, '▍'));
        return itemShell(item, item.thinking ? thinkingDetails(item.id, item.thinking) : false, body);
      }
      case 'tool':
        return toolCard(item);
      case 'recall':
        return recallCard(item);
      case 'approval':
        return approvalCard(item);
      case 'outcome':
        return outcomeCard(item);
      case 'revision':
        return revisionLine(item);
      case 'specialist':
        return specialistCard(item);
      case 'usage':
        return turnUsageLine(item);
      case 'cost':
        return costLine(item);
      case 'compacted':
        return compactedLine(item);
      case 'info':
        return infoLine(item);
      case 'thinking':
        return thinkingBlock(item);
      case 'edits':
        return editsLine(item);
      case 'plan':
        return planLine(item);
      case 'error':
        return itemShell(item, h('div', { class: 'error-line', role: 'alert' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), item.message));
    }
  }

  private renderNotices(s: PanelState): void {
    const notices: HTMLElement[] = [];
    if (!s.workspace) notices.push(notice('info', 'Open a folder to use Lucid: it works in a workspace and keeps its memory in .agent-memory there.'));
    if (!s.hasApiKey) {
      notices.push(
        notice(
          'onboarding',
          h('div', {}, h('strong', {}, 'Connect Lucid to Claude. '), 'Chatting needs an Anthropic API key. It is kept in VS Code SecretStorage (your OS keychain), never in settings. Dreaming — refining the memory from past sessions — works without one.'),
          button('Set API Key', () => post({ type: 'setApiKey' }), { testid: 'set-api-key', primary: true }),
        ),
      );
    }
    if (!s.trusted) notices.push(notice('warning', 'Restricted Mode: Lucid reads the memory but does not run commands or write files until you trust this workspace.'));
    if (s.viewingSession) {
      notices.push(
        notice(
          'info',
          `Recorded session of ${shortDate(s.viewingSession.startedAt)} (read-only). Continue it to go on from its conversation; sending a message otherwise starts a new session.`,
          button('Continue this session', () => post({ type: 'continueSession', id: s.viewingSession!.id }), { testid: 'continue-session', primary: true, title: 'Go on from this session: new requests carry its conversation' }),
          button('Back to a new session', () => post({ type: 'newSession' }), { title: 'Close the recorded session' }),
        ),
      );
    }
    replaceChildren(this.notices, ...notices);
  }

  private toggleHistory(): void {
    this.history.hidden = !this.history.hidden;
  }

  private renderHistory(sessions: SessionSummary[]): void {
    replaceChildren(this.history, h('div', { class: 'section-title' }, 'Recent sessions'), sessionList(sessions));
  }

  private welcome(s: PanelState): HTMLElement {
    return h(
      'div',
      { class: 'welcome' },
      h('p', {}, s.workspace ? `Lucid works in ${s.workspace} and remembers what it learns in .agent-memory.` : 'Lucid remembers what it learns in .agent-memory.'),
      s.sessions.length ? h('div', {}, h('div', { class: 'section-title' }, 'Recent sessions'), sessionList(s.sessions.slice(0, 5))) : false,
    );
  }

  private find(id: string): Element | null {
    return this.list.querySelector(`[data-item-id="${CSS.escape(id)}"]`);
  }

  private atEnd(): boolean {
    const l = this.list;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 40;
  }

  private scrollToEnd(wasAtEnd: boolean): void {
    if (!wasAtEnd) return;
    this.list.scrollTop = this.list.scrollHeight;
    // The web components render a frame later and can grow the list: scroll again then.
    requestAnimationFrame(() => (this.list.scrollTop = this.list.scrollHeight));
  }
}

function notice(kind: string, ...content: Array<Node | string>): HTMLElement {
  return h('div', { class: `notice ${kind}`, role: kind === 'warning' ? 'alert' : 'note' }, ...content);
}

function sessionList(sessions: SessionSummary[]): HTMLElement {
  if (!sessions.length) return h('p', { class: 'muted' }, 'No recorded sessions yet.');
  return h(
    'ul',
    { class: 'session-list' },
    ...sessions.map((s) =>
      h(
        'li',
        {},
        h('a', { href: '#', role: 'button', 'data-testid': 'session-link', 'data-session-id': s.id, onclick: (e: Event) => (e.preventDefault(), post({ type: 'openSession', id: s.id })) }, shortDate(s.startedAt)),
        s.model ? h('span', { class: 'muted' }, ` · ${s.model}`) : false,
      ),
    ),
  );
}
