import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { changeOwnPassword } from '../../domain/people/password.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { ValidationError } from '../http-errors.js';
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
      homeUnit: { select: { code: true, name: true } },
      grants: { select: { role: true, unit: { select: { code: true, name: true, kind: true } } }, orderBy: { id: 'asc' } },
    },
  });
}

/** Why a person must set a password: an administrator reset it, or the account is new (created, never set). */
async function passwordPrompt(db: Db, personId: number): Promise<'new' | 'reset'> {
  const last = await db.auditLog.findFirst({
    where: { entityType: 'Person', entityId: String(personId), action: { in: ['person.created', 'person.password_reset'] } },
    orderBy: { id: 'desc' },
    select: { action: true },
  });
  return last?.action === 'person.password_reset' ? 'reset' : 'new';
}

/** GET /me — own profile, roles, and the change-password form. */
function showMe(db: Db) {
  return async (req: Request, res: Response) => {
    const [me, prompt] = await Promise.all([
      profile(db, req.user!.id),
      req.user!.mustChangePassword ? passwordPrompt(db, req.user!.id) : null,
    ]);
    res.page('me/show', { title: '个人中心', profile: me, passwordPrompt: prompt });
  };
}

/** POST /me/password — change own password (strength rules apply); the person's other sessions end. */
function changePassword(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(changePasswordSchema, req.body);
    const again = async (errors: Record<string, string>) =>
      res.page(
        'me/show',
        {
          title: '个人中心',
          profile: await profile(db, req.user!.id),
          passwordPrompt: req.user!.mustChangePassword ? await passwordPrompt(db, req.user!.id) : null,
          errors,
        },
        400,
      );
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
