import { timePipelineStages } from '@/lib/bench/pipeline-stages';

// benchmarks/pipeline.ts waits for this hook and calls it with each configuration to measure.
Object.assign(window, { memeMirrorBench: { timePipelineStages } });
