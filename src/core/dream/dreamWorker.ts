// A session-reading worker of the dream (see sessionPool.ts): reads the batches of changed files it is sent and
// answers with their outcomes. It redacts with the known secrets of the process that started it.
import { parentPort, workerData } from 'worker_threads';
import { addKnownSecrets, gateError } from '../redact/redactionGate';
import type { FromWorker, ToWorker, WorkerSetup } from './sessionPool';
import { readOutcome } from './sessionReading';

function serve(port: NonNullable<typeof parentPort>, setup: WorkerSetup): void {
  addKnownSecrets(setup.knownSecrets);
  const notes = new Map(setup.notes.map((n) => [n.id, n]));
  port.on('message', (m: ToWorker) => {
    let answer: FromWorker;
    try {
      answer = { batch: m.batch, outcomes: m.files.map((f) => readOutcome(setup.dir, f, notes, setup.startedAt)) };
    } catch (e) {
      answer = { batch: m.batch, error: gateError(e) };
    }
    port.postMessage(answer);
  });
}

if (parentPort && workerData) serve(parentPort, workerData as WorkerSetup);
