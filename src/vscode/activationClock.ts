// When the activation bundle began to evaluate: extension.ts imports this first, so its modules are timed too.
import { performance } from 'perf_hooks';

export const bundleEvaluationStart = performance.now();
