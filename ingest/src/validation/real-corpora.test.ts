import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { configSchema, type FlaggedDocument } from '@ragship/core';
import { describe, expect } from 'vitest';
import { documentContentHash, type SourceDocument } from '../source-document.js';
import { itWithSharedData, SHARED_DATA } from '../testing/shared-data.js';
import { createValidator } from './create-validator.js';

// `withPhoneNumbers`: the records whose author lines really carry a telephone or fax number.
const DATASETS = [
  {
    name: 'SciFact',
    file: `${SHARED_DATA}/scifact/corpus.jsonl`,
    documents: 5183,
    withPhoneNumbers: ['4890578', '39291138'],
  },
  { name: 'COVID-QA', file: `${SHARED_DATA}/covid-qa/documents.jsonl`, documents: 92, withPhoneNumbers: [] },
];

interface CorpusRecord {
  _id?: string;
  id?: string;
  title?: string;
  text: string;
}

/** Streams a JSON Lines corpus as minimal source documents, one line at a time. */
async function* readCorpus(file: string): AsyncGenerator<SourceDocument> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as CorpusRecord;
    const title = record.title ?? '';
    yield {
      docId: String(record._id ?? record.id),
      source: `file://${file}`,
      title,
      format: 'json',
      text: record.text,
      contentHash: documentContentHash(title, record.text, {}),
      modifiedAt: '2025-01-01T00:00:00.000Z',
      metadata: {},
    };
  }
}

describe.each(DATASETS)('validation of the $name corpus', ({ file, documents, withPhoneNumbers }) => {
  itWithSharedData(
    // reason: the public data sets live outside the repository (../shared/data)
    'when every document is checked with the defaults, then none is rejected except exact duplicates and few are flagged',
    async () => {
      const validator = createValidator(configSchema.parse({}).validation);
      let seen = 0;
      const rejectedRules: string[] = [];
      const flagged: FlaggedDocument[] = [];
      for await (const document of readCorpus(file)) {
        seen += 1;
        const outcome = validator.check(document);
        if (outcome.status === 'rejected') rejectedRules.push(outcome.rejected.rule);
        else if (outcome.flagged) flagged.push(outcome.flagged);
      }

      const flaggedFor = (label: string) => flagged.filter((entry) => entry.reason.includes(label));
      const count = (label: string) => flaggedFor(label).length;
      console.log(
        `${file}: ${seen} documents, ${rejectedRules.length} duplicates, ${flagged.length} flagged: ` +
          `${count('email address')} email, ` +
          `${count('phone number')} phone, ${count('card')} card, ${count('IBAN')} IBAN, ` +
          `${count('social security')} SSN, ${count('instructions aimed')} instructions`,
      );
      expect(seen).toBe(documents);
      expect(rejectedRules.filter((rule) => rule !== 'duplicate')).toEqual([]);
      // Every flag on these corpora is a real address or number in an author line, not a misread measurement.
      expect(flagged.length / seen).toBeLessThan(0.02);
      expect(count('card') + count('IBAN') + count('social security') + count('instructions aimed')).toBe(0);
      expect(flaggedFor('phone number').map((entry) => entry.docId)).toEqual(withPhoneNumbers);
    },
  );
});
