export { chromaHeartbeat } from './chroma-heartbeat.js';
export { ChromaServerError, type ChromaServerErrorCode, type ChromaServerErrorDetails } from './chroma-server-error.js';
export { startChromaServer, type ChromaServer, type StartChromaServerOptions } from './start-chroma-server.js';
