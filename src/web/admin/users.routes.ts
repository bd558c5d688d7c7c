import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { inOrgOrder, ORG_ORDER_FIELDS } from '../../domain/units/org-order.js';
import { ValidationError } from '../../domain/errors.js';
import { listPeople } from '../../domain/people/people.admin.queries.js';
import { createPerson, resetPassword, setActive, unlockAccount, updatePerson } from '../../domain/people/people.admin.service.js';
import { grantRole, revokeRole } from '../../domain/people/roles.admin.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { activeSchema, grantSchema, newPersonSchema, peopleQuery, personSchema } from './admin.schemas.js';
import { loadPerson } from './loaders.js';

export function usersRoutes(db: Db): Router {
  const r = Router();
  r.get('/admin/users', allow('admin.users'), listUsers(db));
  r.get('/admin/users/new', allow('admin.users'), newUser(db));
  r.post('/admin/users', allow('admin.users'), createUser(db));
  r.get('/admin/users/:id', loadPerson(db), allow('admin.users'), editUser(db));
  r.post('/admin/users/:id', loadPerson(db), allow('admin.users'), saveUser(db));
  r.post('/admin/users/:id/active', loadPerson(db), allow('admin.users'), toggleActive(db));
  r.post('/admin/users/:id/password', loadPerson(db), allow('admin.users'), reset(db));
  r.post('/admin/users/:id/unlock', loadPerson(db), allow('admin.users'), unlock(db));
  r.post('/admin/users/:id/roles', loadPerson(db), allow('admin.users'), grant(db));
  r.post('/admin/users/:id/roles/:grantId/revoke', loadPerson(db), allow('admin.users'), revoke(db));
  return r;
}

const unitOptions = async (db: Db) =>
  inOrgOrder(await db.unit.findMany({ where: { archivedAt: null }, select: { ...ORG_ORDER_FIELDS, name: true, kind: true } }));

/** GET /admin/users — search, filter and page through accounts. */
function listUsers(db: Db) {
  return async (req: Request, res: Response) => {
    const q = peopleQuery.parse(req.query);
    const [result, units] = await Promise.all([
      listPeople(db, {
        q: q.q,
        unitId: q.unit,
        role: q.role,
        active: q.active === undefined ? undefined : q.active === 'true',
        page: q.page,
      }),
      unitOptions(db),
    ]);
    const params = { q: q.q, unit: q.unit, role: q.role, active: q.active };
    res.page('admin/users/index', {
      title: '账号与角色',
      result,
      units,
      filters: params,
      pager: { page: q.page, pages: result.pages, total: result.total, params },
    });
  };
}

async function renderNew(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  res.page('admin/users/new', { title: '新建账号', units: await unitOptions(db), values, errors }, status);
}

/** GET /admin/users/new */
function newUser(db: Db) {
  return async (_req: Request, res: Response) => renderNew(db, res, { partyStatus: 'MASSES' });
}

/** POST /admin/users — create an account; a temporary password (if generated) is shown once. */
function createUser(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(newPersonSchema, req.body);
    const values = { ...req.body, password: '' };
    if (!form.ok) return renderNew(db, res, values, form.errors, 400);
    try {
      const { person, temporaryPassword } = await createPerson(db, { ...form.data, actorId: req.user!.id, ip: req.ip });
      flash(
        req,
        'success',
        temporaryPassword
          ? `账号 ${person.username} 已创建。临时密码：${temporaryPassword}（只显示这一次，请转告本人，首次登录须修改）`
          : `账号 ${person.username} 已创建，首次登录须修改密码`,
      );
      res.redirect(303, `/admin/users/${person.id}`);
    } catch (e) {
      if (e instanceof ValidationError) return renderNew(db, res, values, e.fieldErrors, 400);
      throw e;
    }
  };
}

async function renderEdit(db: Db, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const person = res.locals.person;
  res.page('admin/users/edit', { title: `账号：${person.displayName}`, units: await unitOptions(db), values: person, ...extra }, status);
}

/** GET /admin/users/:id — the account, its roles and the actions on it. */
function editUser(db: Db) {
  return async (_req: Request, res: Response) => renderEdit(db, res);
}

/** POST /admin/users/:id — save name, party status, home unit, title, phone. */
function saveUser(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(personSchema, req.body);
    if (!form.ok) return renderEdit(db, res, { values: { ...res.locals.person, ...form.values }, errors: form.errors }, 400);
    try {
      await updatePerson(db, { ...form.data, personId: res.locals.person.id, actorId: req.user!.id, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError)
        return renderEdit(db, res, { values: { ...res.locals.person, ...req.body }, errors: e.fieldErrors }, 400);
      throw e;
    }
    flash(req, 'success', '资料已保存');
    res.redirect(303, `/admin/users/${res.locals.person.id}`);
  };
}

/** Runs an account action; a rule it breaks shows on the account page. */
function action(db: Db, run: (req: Request, res: Response) => Promise<string>) {
  return async (req: Request, res: Response) => {
    try {
      flash(req, 'success', await run(req, res));
    } catch (e) {
      if (e instanceof ValidationError) return renderEdit(db, res, { errors: e.fieldErrors }, 400);
      throw e;
    }
    res.redirect(303, `/admin/users/${res.locals.person.id}`);
  };
}

/** POST /admin/users/:id/active — deactivate (ends their sessions) or reactivate. */
function toggleActive(db: Db) {
  return action(db, async (req, res) => {
    const form = parseForm(activeSchema, req.body);
    if (!form.ok) throw new ValidationError(form.errors);
    await setActive(db, { personId: res.locals.person.id, active: form.data.active, actorId: req.user!.id, ip: req.ip });
    return form.data.active ? '账号已启用' : '账号已停用，其所有登录已结束';
  });
}

/** POST /admin/users/:id/password — temporary password, shown once; must be changed at next login. */
function reset(db: Db) {
  return action(db, async (req, res) => {
    const password = await resetPassword(db, {
      personId: res.locals.person.id,
      actorId: req.user!.id,
      sessionId: req.sessionID,
      ip: req.ip,
    });
    return `密码已重置。临时密码：${password}（只显示这一次，请转告本人，登录后须修改）`;
  });
}

/** POST /admin/users/:id/unlock — lift the lock after too many wrong passwords. */
function unlock(db: Db) {
  return action(db, async (req, res) => {
    await unlockAccount(db, { personId: res.locals.person.id, actorId: req.user!.id, ip: req.ip });
    return '登录锁定已解除';
  });
}

/** POST /admin/users/:id/roles — grant a role (in a unit, or company-wide for OFFICE and ADMIN). */
function grant(db: Db) {
  return action(db, async (req, res) => {
    const form = parseForm(grantSchema, req.body);
    if (!form.ok) throw new ValidationError(form.errors);
    await grantRole(db, {
      personId: res.locals.person.id,
      role: form.data.role,
      unitId: form.data.unitId,
      actorId: req.user!.id,
      ip: req.ip,
    });
    return '角色已授予';
  });
}

/** POST /admin/users/:id/roles/:grantId/revoke */
function revoke(db: Db) {
  return action(db, async (req, res) => {
    const grantId = Number(req.params.grantId);
    const owned = (res.locals.person.grants as { id: number }[]).some((g) => g.id === grantId);
    if (!owned) throw new ValidationError({ _form: '该角色不存在' });
    await revokeRole(db, { grantId, actorId: req.user!.id, ip: req.ip });
    return '角色已撤销';
  });
}
