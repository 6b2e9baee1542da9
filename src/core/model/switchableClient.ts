// One client the lead, its grader and its specialists share, whose target can change between requests: a new
// model (`/model`), or a new API key or base URL (another client). A request already running finishes with the
// client it started with; a request that names its own model keeps it.
import type { ModelClient } from './modelClient';

export interface SwitchableClient extends ModelClient {
  setModel(model: string): void;
  /** Sends the next requests through another client (a new key or base URL), keeping the current model. */
  use(client: ModelClient): void;
}

export function switchableClient(first: ModelClient): SwitchableClient {
  let inner = first;
  let model = first.model;
  return {
    get model() {
      return model;
    },
    get baseURL() {
      return inner.baseURL;
    },
    streamTurn: (params, options) => inner.streamTurn({ ...params, model: params.model ?? model }, options),
    setModel: (m) => (model = m),
    use: (c) => (inner = c),
  };
}
