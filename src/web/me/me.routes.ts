import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { changeOwnPassword, passwordPrompt } from '../../domain/people/password.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { ValidationError } from '../http-errors.js';
import { GRANT_UNIT } from '../../lib/format.js';
import { changePasswordSchema } from './me.schemas.js';

export function meRoutes(db: Db): Router {
  const r = Router();
  r.get('/me', allow('me.view'), showMe(db));
  r.post('/me/password', allow('me.password'), changePassword(db));
  return r;
}

async function profile(db: Db, personId: number) {
  return db.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      username: true,
      displayName: true,
      partyStatus: true,
      title: true,
      phone: true,
      homeUnit: { select: { code: true, name: true, kind: true, parent: { select: { code: true } } } },
      grants: { select: { role: true, unit: GRANT_UNIT }, orderBy: { id: 'asc' } },
    },
  });
}

/** What /me shows: the profile, and why a password must be set when it must. */
async function meLocals(db: Db, req: Request) {
  const [profileRow, prompt] = await Promise.all([
    profile(db, req.user!.id),
    req.user!.mustChangePassword ? passwordPrompt(db, req.user!.id) : null,
  ]);
  return { title: '个人中心', profile: profileRow, passwordPrompt: prompt };
}

/** GET /me — own profile, roles, and the change-password form. */
function showMe(db: Db) {
  return async (req: Request, res: Response) => {
    res.page('me/show', await meLocals(db, req));
  };
}

/** POST /me/password — change own password (strength rules apply); the person's other sessions end. */
function changePassword(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(changePasswordSchema, req.body);
    const again = async (errors: Record<string, string>) => res.page('me/show', { ...(await meLocals(db, req)), errors }, 400);
    if (!form.ok) return again(form.errors);
    try {
      await changeOwnPassword(db, {
        personId: req.user!.id,
        current: form.data.current,
        next: form.data.next,
        sessionId: req.sessionID,
        ip: req.ip,
      });
    } catch (e) {
      if (e instanceof ValidationError) return again(e.fieldErrors);
      throw e;
    }
    flash(req, 'success', '密码已修改');
    res.redirect(303, '/me');
  };
}
