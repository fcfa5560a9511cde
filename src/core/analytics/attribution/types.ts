/**
 * One row of touchpoint-path data: the ordered channels a user (or a group of users with the same
 * path) touched, and what happened afterwards.
 */
export interface TouchpointPath {
  /** Channels in time order, first touch first, e.g. ['paid_social', 'email', 'search']. */
  path: string[];
  /** Conversions that followed this path. */
  conversions: number;
  /** Total value (revenue) of this path's conversions; optional, ignored when conversions is 0. */
  value?: number;
  /** Journeys with this path that did not convert (needed by the Markov model). */
  nonConversions?: number;
  /** Days before conversion of each touch (same length as `path`); used by time decay. */
  times?: number[];
}

/** Credit given to one channel by an attribution model. */
export interface ChannelCredit {
  channel: string;
  /** Attributed conversions (fractional). Over all channels these sum to the total conversions. */
  conversions: number;
  /** Attributed conversion value (0 when no path carries a value). */
  value: number;
  /** conversions / total conversions. */
  share: number;
}
