// stopword 3 ships no types; only the English list is used.
declare module 'stopword' {
  export const eng: readonly string[];
}
