/** The actor recorded in the ledger: the `X-Actor` header, else "api". */
export const actorOf = (headers: { 'x-actor'?: string | undefined }): string => headers['x-actor'] ?? 'api';
