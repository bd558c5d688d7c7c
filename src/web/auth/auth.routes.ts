import { csrfToken } from '../middleware/csrf.js';
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppPassport } from '../middleware/passport.js';
import { DEMO_ACCOUNTS } from '../../domain/demo-accounts.js';
import { parseForm } from '../forms.js';
import { allow, publicRoute } from '../guard.js';
import { loginSchema, safeReturnTo } from './auth.schemas.js';
import { THROTTLE } from '../../domain/auth/login.service.js';
import { SESSION_COOKIE } from '../middleware/session.js';

const INVALID = '用户名或密码错误';
const THROTTLED = `登录失败次数过多，请稍后再试（最多 ${THROTTLE.windowMinutes} 分钟），或联系网站管理员解锁`;

export function authRoutes(passport: AppPassport): Router {
  const r = Router();
  r.get('/login', publicRoute(), showLogin);
  r.post('/login', publicRoute(), login(passport));
  r.post('/logout', allow('me.view'), logout);
  return r;
}

function renderLogin(res: Response, locals: Record<string, unknown>, status = 200) {
  res.page('auth/login', { title: '登录', demoAccounts: res.locals.demoMode ? DEMO_ACCOUNTS : [], ...locals }, status);
}

/** GET /login — the login form; a logged-in user goes straight on. */
function showLogin(req: Request, res: Response) {
  const returnTo = safeReturnTo(req.query.returnTo);
  if (req.user) return res.redirect(returnTo);
  renderLogin(res, { values: { returnTo } });
}

/** POST /login — checks the password (throttled), starts a fresh session and returns to the page asked for. */
function login(passport: AppPassport) {
  return (req: Request, res: Response, next: NextFunction) => {
    const form = parseForm(loginSchema, req.body);
    if (!form.ok) return renderLogin(res, { errors: form.errors, values: { ...form.values, password: '' } }, 400);
    const returnTo = safeReturnTo(form.data.returnTo);
    passport.authenticate('local', (err: unknown, user: Express.User | false, info?: { message?: string }) => {
      if (err) return next(err);
      if (!user) {
        const message = info?.message === 'throttled' ? THROTTLED : INVALID;
        return renderLogin(
          res,
          { errors: { _form: message }, values: { username: form.data.username, returnTo } },
          info?.message === 'throttled' ? 429 : 401,
        );
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
