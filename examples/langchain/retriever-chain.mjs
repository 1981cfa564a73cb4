#!/usr/bin/env node
// A LangChain app over a running ragship API: the RagshipRetriever in an LCEL chain.
//
//   node examples/langchain/retriever-chain.mjs --url http://127.0.0.1:3000 [--kb docs] \
//     [--api-key …] [--environment prod] [--version v3] [--k 4] [--model openai:gpt-4o-mini] "question"
//
// Without --model it prints what the retriever found, each document labelled kb@version.
// With --model the chain is retriever → sources labelled [kb@vN] docId → prompt → the model
// (LangChain's initChatModel, e.g. openai:gpt-4o-mini, ollama:llama3.2) → text. The model's
// package reads its own settings: OPENAI_API_KEY and OPENAI_BASE_URL, OLLAMA_BASE_URL, …
import { parseArgs } from 'node:util';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { initChatModel } from 'langchain';
import { RagshipRetriever } from '@ragship/langchain';

const USAGE =
  'usage: retriever-chain.mjs --url <ragship API> [--kb <kb>] [--api-key <key>] [--environment <env>] ' +
  '[--version v<N>] [--k <n>] [--model <provider>:<model>] "question"';

const prompt = ChatPromptTemplate.fromMessages([
  [
    'system',
    'Answer the question from the sources only. Each source starts with its label, [<kb>@v<N>] <document>; ' +
      'cite the labels of the sources you use. If the sources do not answer the question, say you do not know.',
  ],
  ['human', 'Sources:\n{context}\n\nQuestion: {question}'],
]);

/** `[docs@v3] rolling-back.md` and the chunk's text, one block per document. */
function formatDocuments(documents) {
  return documents
    .map((document) => `[${document.metadata.indexVersion}] ${document.metadata.docId}\n${document.pageContent}`)
    .join('\n\n');
}

function parseCommandLine(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      kb: { type: 'string' },
      'api-key': { type: 'string' },
      environment: { type: 'string' },
      version: { type: 'string' },
      k: { type: 'string' },
      model: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const question = positionals.join(' ').trim();
  if (values.help || !values.url || !question) return { usage: true };
  if (values.k !== undefined && !/^[0-9]+$/.test(values.k)) throw new Error(`--k must be a number, got "${values.k}".`);
  return {
    question,
    model: values.model,
    retriever: {
      url: values.url,
      kb: values.kb,
      apiKey: values['api-key'],
      environment: values.environment,
      version: values.version,
      k: values.k === undefined ? undefined : Number(values.k),
    },
  };
}

async function main() {
  const options = parseCommandLine(process.argv.slice(2));
  if (options.usage) {
    console.error(USAGE);
    return 2;
  }
  const retriever = new RagshipRetriever(options.retriever);
  if (!options.model) {
    for (const document of await retriever.invoke(options.question)) {
      const { indexVersion, docId, score } = document.metadata;
      console.log(
        `[${indexVersion}] ${docId} (score ${score.toFixed(3)})\n  ${document.pageContent.replace(/\s+/g, ' ')}`,
      );
    }
    return 0;
  }
  const chain = RunnableSequence.from([
    { context: retriever.pipe(RunnableLambda.from(formatDocuments)), question: new RunnablePassthrough() },
    prompt,
    await initChatModel(options.model, { temperature: 0 }),
    new StringOutputParser(),
  ]);
  console.log(await chain.invoke(options.question));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    // The error's message names what went wrong (the API's code and message, a bad option); no stack.
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
