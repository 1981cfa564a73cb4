import { Fragment } from 'react';
import type { TextRange } from './quoted-sentence.ts';

/** `text` with `ranges` (sorted, not overlapping) marked as `<mark>`. */
export function HighlightedText({ text, ranges }: { text: string; ranges: readonly TextRange[] }) {
  const pieces: { text: string; marked: boolean }[] = [];
  let position = 0;
  for (const range of ranges) {
    if (range.start > position) pieces.push({ text: text.slice(position, range.start), marked: false });
    pieces.push({ text: text.slice(range.start, range.end), marked: true });
    position = range.end;
  }
  if (position < text.length) pieces.push({ text: text.slice(position), marked: false });
  return (
    <>
      {pieces.map((piece, index) =>
        piece.marked ? <mark key={index}>{piece.text}</mark> : <Fragment key={index}>{piece.text}</Fragment>,
      )}
    </>
  );
}
