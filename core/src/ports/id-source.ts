/** Ids and randomness for core, injected so a seed reproduces a run. */
export interface IdSource {
  uuid(): string;
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
}
