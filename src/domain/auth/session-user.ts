import { withImpliedGrants, type SessionUser } from '../authz/can.js';
import { unreadNoticesSql } from '../notices/unread.sql.js';

/**
 * The session's person with their grants, as SQL over the session row `s` (the same fields as `loadSessionUser`,
 * checked by tests/auth/session-user.test.ts) and the header's unread count: the session look-up reads them in its
 * one statement, so a signed-in page's floor is one round trip. NULL when the session has no person or the person is gone or deactivated.
 */
export const SESSION_USER_SQL = `(SELECT json_build_object(
    'id', p.id, 'username', p.username, 'displayName', p."displayName", 'partyStatus', p."partyStatus",
    'homeUnitId', p."homeUnitId", 'mustChangePassword', p."mustChangePassword", 'unreadNotices', ${unreadNoticesSql('p')},
    'memberUnitId', (SELECT CASE WHEN h.kind = 'PARTY_GROUP' THEN h."parentId" ELSE h.id END FROM "Unit" h WHERE h.id = p."homeUnitId"),
    'grants', COALESCE((SELECT json_agg(json_build_object('role', g.role, 'unitId', g."unitId") ORDER BY g.id)
                          FROM "RoleGrant" g WHERE g."personId" = p.id), '[]'::json))::text
   FROM "Person" p
  WHERE p.id = CASE WHEN jsonb_typeof(s.sess::jsonb -> 'passport' -> 'user') = 'number' THEN (s.sess::jsonb -> 'passport' ->> 'user')::int END
    AND p.active)`;

/** The person read with the session (the JSON of SESSION_USER_SQL), with the grants their party status implies. */
export function parseSessionUser(json: string | null): SessionUser | null {
  if (!json) return null;
  const { memberUnitId, ...user } = JSON.parse(json) as SessionUser & { memberUnitId: number | null };
  return withImpliedGrants(user, memberUnitId);
}
