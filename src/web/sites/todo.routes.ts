import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { todoFor, todoHref, TODO_LIMIT } from '../../domain/sites/todo.service.js';
import { allow } from '../guard.js';

export function todoRoutes(db: Db): Router {
  const r = Router();
  r.get('/me/todo', allow('me.view'), showTodo(db));
  return r;
}

/** GET /me/todo — drafts waiting for my review, my drafts sent back, take-downs in the units I edit. */
function showTodo(db: Db) {
  return async (req: Request, res: Response) => {
    const todo = await todoFor(db, req.user!);
    res.page('sites/todo', { title: '我的待办', todo, href: todoHref, limit: TODO_LIMIT });
  };
}
