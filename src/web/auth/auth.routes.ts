import { csrfToken } from '../middleware/csrf.js';
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppPassport } from '../middleware/passport.js';
import { DEMO_ACCOUNTS } from '../../domain/demo-accounts.js';
import { parseForm } from '../forms.js';
import { allow, publicRoute } from '../guard.js';
import { loginSchema, safeReturnTo } from './auth.schemas.js';
import { THROTTLE } from '../../domain/auth/login.service.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import type { Db } from '../../db/client.js';
import type { DirectoryConfig } from '../../domain/auth/directory.js';
import { COMPANY_STRATEGY, useCompanyLogin } from './company-strategy.js';

const INVALID = '用户名或密码错误';
const THROTTLED = `登录失败次数过多，请稍后再试（最多 ${THROTTLE.windowMinutes} 分钟），或联系网站管理员解锁`;
const UNAVAILABLE = '公司账号目录暂时无法连接，请稍后再试；本地账号（如网站管理员）仍可照常登录';
const unmatched = (id?: string) => `您的公司账号${id ? `（工号 ${id}）` : '没有登记工号，'}在平台中没有对应的在用人员，请联系网站管理员`;

type LoginInfo = { message?: string; employeeId?: string };
/** A refused login's message and status. */
const refusal = (info?: LoginInfo): [string, number] =>
  info?.message === 'throttled'
    ? [THROTTLED, 429]
    : info?.message === 'unavailable'
      ? [UNAVAILABLE, 503]
      : info?.message === 'unmatched'
        ? [unmatched(info.employeeId), 403]
        : [INVALID, 401];

export function authRoutes(passport: AppPassport, company?: { db: Db; directory?: DirectoryConfig }): Router {
  const r = Router();
  const strategy = company?.directory ? COMPANY_STRATEGY : 'local';
  if (company?.directory) useCompanyLogin(passport, company.db, company.directory);
  r.get('/login', publicRoute(), showLogin(strategy === COMPANY_STRATEGY));
  r.post('/login', publicRoute(), login(passport, strategy));
  r.post('/logout', allow('me.view'), logout);
  return r;
}

function renderLogin(res: Response, locals: Record<string, unknown>, status = 200) {
  const demoAccounts = res.locals.demoMode ? DEMO_ACCOUNTS : [];
  res.page('auth/login', { title: '登录', demoAccounts, companyLogin: res.locals.companyLogin === true, ...locals }, status);
}

/** GET /login — the login form; a logged-in user goes straight on. */
function showLogin(companyLogin: boolean) {
  return (req: Request, res: Response) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    if (req.user) return res.redirect(returnTo);
    res.locals.companyLogin = companyLogin;
    renderLogin(res, { values: { returnTo } });
  };
}

/** POST /login — checks the password (throttled), starts a fresh session and returns to the page asked for. */
function login(passport: AppPassport, strategy: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.companyLogin = strategy === COMPANY_STRATEGY;
    const form = parseForm(loginSchema, req.body);
    if (!form.ok) return renderLogin(res, { errors: form.errors, values: { ...form.values, password: '' } }, 400);
    const returnTo = safeReturnTo(form.data.returnTo);
    passport.authenticate(strategy, (err: unknown, user: Express.User | false, info?: LoginInfo) => {
      if (err) return next(err);
      if (!user) {
        const [message, status] = refusal(info);
        return renderLogin(res, { errors: { _form: message }, values: { username: form.data.username, returnTo } }, status);
      }
      // passport regenerates the session id here, so a fixed id planted before login is worthless
      // and the new session gets its CSRF token at once: minted later, two parallel first requests would each
      // make one up and the loser's forms would be refused
      req.login(user, (e) => {
        if (e) return next(e);
        csrfToken(req);
        req.session.save((e2) => (e2 ? next(e2) : res.redirect(303, returnTo)));
      });
    })(req, res, next);
  };
}

/** POST /logout — ends the session and removes it from the store. */
function logout(req: Request, res: Response, next: NextFunction) {
  req.logout((err) => {
    if (err) return next(err);
    req.session.destroy((e) => {
      if (e) return next(e);
      res.clearCookie(SESSION_COOKIE);
      res.redirect(303, '/login');
    });
  });
}
