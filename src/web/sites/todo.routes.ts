import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { todoParts } from '../../domain/sites/todo-parts.js';
import { todoFor, todoHref, TODO_LIMIT, TODO_LISTS, todoSummary } from '../../domain/sites/todo.service.js';
import { allow } from '../guard.js';

export function todoRoutes(db: Db): Router {
  const r = Router();
  r.get('/me/todo', allow('me.view'), showTodo(db));
  return r;
}

/**
 * GET /me/todo — drafts waiting for my review, my drafts sent back, take-downs in the units I edit, and what the
 * other areas ask of me (notices to acknowledge, voices to answer).
 */
function showTodo(db: Db) {
  return async (req: Request, res: Response) => {
    const [todo, parts] = await Promise.all([todoFor(db, req.user!), todoParts(db, req.user!, TODO_LIMIT)]);
    res.page('sites/todo', {
      title: '我的待办',
      todo,
      parts,
      sections: todoSummary(todo, parts),
      lists: TODO_LISTS.map((l) => ({ ...l, entries: todo[l.key] })),
      href: todoHref,
      limit: TODO_LIMIT,
    });
  };
}
