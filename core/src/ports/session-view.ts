/** A read-only look at which accounts the broker has logged in now, as the order dispatcher tracks them. */
export interface SessionView {
  /**
   * Whether the account holds a broker session that can take orders now; null when the bridge
   * declares unlimited sessions (nothing to switch) or has not yet said how many it has.
   */
  inSession(accountId: string): boolean | null;
}
