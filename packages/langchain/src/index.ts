export {
  RagshipRetriever,
  type RagshipRetrieverOptions,
  type RagshipDocumentMetadata,
  type RagshipFilterValue,
} from './ragship-retriever.js';
export { RagshipApiError } from './ragship-api-error.js';
