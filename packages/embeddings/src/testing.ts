export { countingEmbedder, type CountingEmbedder } from './testing/counting-embedder.js';
export {
  startOpenAICompatibleServer,
  type OpenAICompatibleServer,
  type OpenAICompatibleServerOptions,
  type RecordedRequest,
  type InjectedFailureOptions,
} from './testing/openai-compatible-server.js';
