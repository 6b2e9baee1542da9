// The one channel to the extension host, plus the webview's own scratch state (the unsent draft), which VS Code
// keeps while the view is hidden.
import type { WebviewToHost } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

export function loadDraft(): string {
  const s = api.getState() as { draft?: unknown } | undefined;
  return typeof s?.draft === 'string' ? s.draft : '';
}

export function saveDraft(draft: string): void {
  api.setState({ draft });
}
