import { detectWithBoth } from '@/lib/bench/detector-parity';
import { embedAlignedFaces } from '@/lib/bench/embed-aligned-faces';
import { timeIngestStages } from '@/lib/bench/ingest-stages';
import { timePipelineStages } from '@/lib/bench/pipeline-stages';

// benchmarks/ and the extension parity test wait for this hook and call it with their inputs.
Object.assign(window, { memeMirrorBench: { timePipelineStages, timeIngestStages, embedAlignedFaces, detectWithBoth } });
