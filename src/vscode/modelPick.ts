// `/model`: a quick pick of known Claude models plus "Custom…", which sets `lucid.model` (for the workspace) and the
// model of the live session's next requests.
import * as vscode from 'vscode';
import { DEFAULT_MODEL } from '../core/model/modelClient';

export const KNOWN_MODELS = [DEFAULT_MODEL, 'claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];
const MODEL_ID = /^[A-Za-z0-9][\w.:@[\]-]{0,199}$/;

/** The model picked (and saved in `lucid.model`), or undefined when cancelled. `typed`: `/model ID` skips the pick. */
export async function pickModel(current: string, typed?: string): Promise<string | undefined> {
  let model = typed;
  if (!model) {
    const ids = [...new Set([current, ...KNOWN_MODELS])];
    const custom = '$(edit) Custom…';
    const picked = await vscode.window.showQuickPick([...ids.map((id) => ({ label: id, description: id === current ? 'current' : '' })), { label: custom, description: 'any model id' }], {
      title: 'Lucid: model for the next requests',
      placeHolder: `Now: ${current}`,
    });
    if (!picked) return undefined;
    model =
      picked.label !== custom
        ? picked.label
        : await vscode.window.showInputBox({ title: 'Lucid: model id', value: current, validateInput: (v) => (MODEL_ID.test(v.trim()) ? undefined : 'A model id such as claude-sonnet-4-5') });
  }
  model = model?.trim();
  if (!model) return undefined;
  if (!MODEL_ID.test(model)) {
    void vscode.window.showErrorMessage(`Lucid: "${model}" is not a model id.`);
    return undefined;
  }
  await vscode.workspace.getConfiguration('lucid').update('model', model, vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return model;
}
