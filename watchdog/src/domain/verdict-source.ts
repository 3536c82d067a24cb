import type { Verdict } from './target';

/** Where verdicts come from (the observer client); null verdicts mean "unreachable: use the driver's health". */
export interface VerdictSource {
  readonly url: string;
  snapshot(): { reachable: boolean; verdicts: Map<string, Verdict> | null; lastContactAt: number | null; error: string | null };
  onChange(listener: () => void): void;
  /** The observer's verdict on one target asked afresh, right before a restart; null when it cannot be had. */
  recheck(name: string): Promise<Verdict | null>;
}
