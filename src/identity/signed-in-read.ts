/**
 * A read for the signed-in user, written against `user.id`, `user.role` and `user.websiteId` (SQL
 * expressions; the website is the request's, as the actor's) and
 * binding its values through `param` (which answers the placeholder): authenticateWithRead runs it
 * in the statement that checks the session, a service may run it for an actor it already has.
 */
export interface SignedInRead {
  sql(user: { id: string; role: string; websiteId: string }, param: (value: unknown) => string): string;
  /** As platform `sql`'s option: when the best plan does not depend on the values. */
  prepare: boolean;
}
