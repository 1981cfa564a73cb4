export { writeTestVersion } from './testing/write-test-version.js';
export {
  startOllamaChatServer,
  type OllamaChatServer,
  type OllamaChatServerOptions,
  type OllamaChatRequest,
} from './testing/ollama-chat-server.js';
