export { startTestChroma, type StartTestChromaOptions, type TestChroma } from './chroma-fixture.js';
