// The side panel's browser bundle. A placeholder until the side-panel issue: it asks the host for
// its state and shows the memory folder and the number of notes.
import type { HostToWebview, WebviewToHost } from '../shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  if (msg.type === 'state' && root) {
    root.textContent = msg.memoryFolder
      ? `Memory: ${msg.noteCount} note${msg.noteCount === 1 ? '' : 's'} in ${msg.memoryFolder}`
      : 'Open a folder to give Lucid a memory.';
  }
});

vscode.postMessage({ type: 'ready' });
