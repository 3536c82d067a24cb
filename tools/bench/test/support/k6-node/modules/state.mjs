/** What a script did during a run: its requests (with tags and status) and its checks. */
export const recorded = { requests: [], checks: {} };
