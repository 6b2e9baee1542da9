// The side panel's browser bundle: boots the two tabs, pumps the host's messages into them, and says `ready`.
// The host owns the state: a `state` snapshot replaces everything; `item`, `appendText` and `memory` are deltas.
import type { PanelState, PanelTab } from '../shared/panelState';
import type { HostToWebview } from '../shared/protocol';
import { ChatView } from './chatView';
import { h, replaceChildren } from './dom';
import { post } from './hostChannel';
import { routeLinksThroughHost } from './markdown';
import { MemoryView } from './memoryView';

const root = document.getElementById('root')!;
const chat = new ChatView();
const memory = new MemoryView();
let state: PanelState | undefined;

const tabs: Record<PanelTab, HTMLElement> = {
  chat: tabButton('chat', 'Chat'),
  memory: tabButton('memory', 'Memory'),
};
const panels: Record<PanelTab, HTMLElement> = {
  chat: h('div', { class: 'tab-panel', id: 'panel-chat', role: 'tabpanel', 'aria-labelledby': 'tab-chat' }, chat.element),
  memory: h('div', { class: 'tab-panel', id: 'panel-memory', role: 'tabpanel', 'aria-labelledby': 'tab-memory' }, memory.element),
};

function tabButton(tab: PanelTab, label: string): HTMLElement {
  return h(
    'button',
    {
      class: 'tab',
      id: `tab-${tab}`,
      role: 'tab',
      'data-testid': `tab-${tab}`,
      'aria-controls': `panel-${tab}`,
      onclick: () => selectTab(tab, true),
      onkeydown: (e: Event) => {
        const key = (e as KeyboardEvent).key;
        if (key !== 'ArrowLeft' && key !== 'ArrowRight') return;
        const next: PanelTab = tab === 'chat' ? 'memory' : 'chat';
        selectTab(next, true);
        tabs[next].focus();
      },
    },
    label,
  );
}

function selectTab(tab: PanelTab, tell: boolean): void {
  for (const t of Object.keys(tabs) as PanelTab[]) {
    const on = t === tab;
    tabs[t].setAttribute('aria-selected', String(on));
    tabs[t].tabIndex = on ? 0 : -1;
    panels[t].hidden = !on;
  }
  if (state) state.tab = tab;
  if (tell) post({ type: 'showTab', tab });
}

function updateMemoryBadge(): void {
  const pending = state?.memory.proposals.length ?? 0;
  tabs.memory.textContent = pending ? `Memory (${pending})` : 'Memory';
  tabs.memory.setAttribute('aria-label', pending ? `Memory, ${pending} proposal${pending === 1 ? '' : 's'} to review` : 'Memory');
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'state': {
      const first = !state;
      state = msg.state;
      selectTab(state.tab, false);
      chat.render(state);
      memory.render(state.memory, state.workspace);
      updateMemoryBadge();
      if (first && state.tab === 'chat') chat.focusInput();
      return;
    }
    case 'item':
      if (!state) return;
      upsertInState(state, msg.item);
      chat.upsert(msg.item);
      return;
    case 'appendText':
      chat.appendText(msg.itemId, msg.text);
      return;
    case 'memory':
      if (!state) return;
      state.memory = msg.memory;
      memory.render(msg.memory, state.workspace);
      updateMemoryBadge();
      return;
    case 'outcomeProblem':
      chat.outcomeProblem(msg.message);
      return;
    case 'restoreDraft':
      chat.restoreDraft(msg.text);
      return;
    case 'mentionOptions':
      chat.mentionOptions(msg.seq, msg.options);
      return;
    case 'waitStatus':
      chat.waitStatus(msg.status);
      return;
  }
});

function upsertInState(s: PanelState, item: PanelState['transcript'][number]): void {
  const at = s.transcript.findIndex((i) => i.id === item.id);
  if (at >= 0) s.transcript[at] = item;
  else s.transcript.push(item);
}

replaceChildren(root, h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Lucid' }, tabs.chat, tabs.memory), panels.chat, panels.memory);
root.setAttribute('role', 'main'); // the panel's one landmark (it was a live status while loading)
root.removeAttribute('aria-live');
routeLinksThroughHost(root);
selectTab('chat', false);
post({ type: 'ready' });
