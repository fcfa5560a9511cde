/** Why a file could not be opened, each with a message that says what to do. Nothing is stored when one is thrown. */

export type OpenErrorCode =
  /** Not a Pulse notebook (binary, not UTF-8, no front matter `pulse:` and no cells, or a parse error). */
  | 'not-a-notebook'
  /** Not a Pulse bundle (not a zip, or a zip without a Pulse manifest). */
  | 'not-a-bundle'
  /** A zip cut short (an interrupted download or copy). */
  | 'truncated'
  /** A file in the bundle differs from the checksum in its manifest. */
  | 'checksum'
  /** The manifest is missing fields, names unsafe paths or is from a newer Pulse. */
  | 'invalid-manifest'
  /** An encrypted bundle opened without a passphrase. */
  | 'passphrase-required'
  /** The passphrase does not decrypt the bundle (or the encrypted bytes were changed). */
  | 'wrong-passphrase'
  /** A dataset in the bundle has the name of a different stored dataset. */
  | 'dataset-exists'
  /** A bundle's dataset is not Parquet (bundles hold every dataset as Parquet). */
  | 'not-parquet'
  /** The file expands past the size Pulse accepts. */
  | 'too-large';

export class OpenFileError extends Error {
  constructor(
    readonly code: OpenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OpenFileError';
  }
}
