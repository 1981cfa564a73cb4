import { Pinecone, type PineconeRecord } from '@pinecone-database/pinecone';
import { vi } from 'vitest';
import { startPineconeDouble, type PineconeDouble, type PineconeDoubleOptions } from './pinecone-double.js';

// Shared by the double's tests, which drive it with the real Pinecone client and so pin the wire
// format the client speaks.
export const serverless = { serverless: { cloud: 'aws', region: 'us-east-1' } } as const;
export type Metric = 'cosine' | 'dotproduct' | 'euclidean';

let running: PineconeDouble | undefined;

/** For `afterEach`: real timers back, and the double of the test stopped. */
export async function stopDouble(): Promise<void> {
  vi.useRealTimers();
  await running?.stop();
  running = undefined;
}

export async function start(options: PineconeDoubleOptions = {}, maxRetries = 0) {
  const double = (running = await startPineconeDouble(options));
  const pc = new Pinecone({ apiKey: double.apiKey, controllerHostUrl: double.controllerUrl, maxRetries });
  return { double, pc };
}

export async function withIndex(options: PineconeDoubleOptions & { metric?: Metric } = {}) {
  const { metric = 'cosine', ...rest } = options;
  const { double, pc } = await start(rest);
  const model = await pc.indexes.create({ name: 'ix', dimension: 3, metric, spec: serverless });
  return { double, pc, index: pc.index({ host: model.host }) };
}

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected the call to fail');
}

export const vector = (id: string, values = [1, 0, 0], metadata?: PineconeRecord['metadata']): PineconeRecord => ({
  id,
  values,
  ...(metadata ? { metadata } : {}),
});
export const ids = (matches: { id: string }[] | undefined) => (matches ?? []).map((match) => match.id);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
