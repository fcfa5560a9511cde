// The few papaparse types the core uses. @types/papaparse is not installed on purpose: it references
// Node's types, which the DOM-free, Node-free core type check must not see.
declare module 'papaparse' {
  interface ParseError {
    type: string;
    code: string;
    message: string;
    row?: number;
  }
  interface ParseResult {
    data: string[][];
    errors: ParseError[];
    meta: { delimiter: string; linebreak: string; aborted: boolean; cursor: number };
  }
  interface ParseConfig {
    delimiter?: string;
    newline?: string;
    quoteChar?: string;
    header?: false;
    skipEmptyLines?: boolean | 'greedy';
    preview?: number;
  }
  interface UnparseConfig {
    delimiter?: string;
    newline?: string;
    quotes?: boolean | boolean[];
    header?: boolean;
  }
  const Papa: {
    parse(input: string, config?: ParseConfig): ParseResult;
    unparse(data: unknown[][], config?: UnparseConfig): string;
  };
  export default Papa;
}
