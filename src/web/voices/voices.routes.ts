import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { ValidationError } from '../../domain/errors.js';
import { isWriter, mayReadVoice } from '../../domain/voices/voice.policy.js';
import { formatDuration, summarizeResponses } from '../../domain/voices/voice-stats.js';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../domain/voices/voices.labels.js';
import { inboxUnits, myVoices, publicVoices, responseRows, unitInbox, type VoiceDetail } from '../../domain/voices/voices.queries.js';
import { answerVoice, publishVoice, replyToVoice, setVoiceConsent, writeVoice } from '../../domain/voices/voices.service.js';
import { answersSeen } from '../../domain/voices/voices.todo.js';
import { recipientUnits } from '../../domain/voices/recipients.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { forbidden } from '../http-errors.js';
import { loadUnit } from '../units/units.loaders.js';
import { loadVoice } from './voices.loaders.js';
import { consentSchema, inboxQuery, messageSchema, pageQuery, publishSchema, statsQuery, writeVoiceSchema } from './voices.schemas.js';

/** What every voices page shows beside its own data: the labels, the duration formatter, the stylesheet. */
export const VOICE_LOCALS = {
  categoryLabels: CATEGORY_LABELS,
  statusLabels: STATUS_LABELS,
  duration: formatDuration,
  extraStyles: ['/public/css/voices.css'],
};

export function voicesRoutes(db: Db): Router {
  const r = Router();
  r.get('/voices', allow('voice.write'), (_req, res) => res.redirect(303, '/voices/mine'));
  r.get('/voices/new', allow('voice.write'), newForm(db));
  r.post('/voices', allow('voice.write'), create(db));
  r.get('/voices/mine', allow('voice.write'), mine(db));
  r.get('/voices/public', allow('voice.public'), publicList(db));
  r.get('/voices/stats', allow('voice.stats'), stats(db));
  r.get('/voices/:id', loadVoice(db), allow('voice.read'), show(db));
  r.post('/voices/:id/answer', loadVoice(db), allow('voice.answer'), answer(db));
  r.post('/voices/:id/publish', loadVoice(db), allow('voice.answer'), publish(db));
  r.post('/voices/:id/reply', loadVoice(db), allow('voice.write'), reply(db));
  r.post('/voices/:id/consent', loadVoice(db), allow('voice.write'), consent(db));
  r.get('/units/:code/voices', loadUnit(db), allow('voice.inbox'), inbox(db));
  return r;
}

async function renderNew(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  res.page('voices/new', { title: '写心声', units: await recipientUnits(db), values, errors, ...VOICE_LOCALS }, status);
}

/** GET /voices/new?unit= — the letter form; the writer's own branch is chosen unless a unit is named. */
function newForm(db: Db) {
  return async (req: Request, res: Response) => {
    const units = await recipientUnits(db);
    const mineIds = [req.user!.homeUnitId, ...req.user!.grants.map((g) => g.unitId)];
    const own = units.find((u) => u.kind !== 'COMMITTEE' && mineIds.includes(u.id)) ?? units[0];
    const unit = typeof req.query.unit === 'string' && units.some((u) => u.code === req.query.unit) ? req.query.unit : own?.code;
    res.page('voices/new', { title: '写心声', units, values: { unit, category: 'SUGGESTION' }, ...VOICE_LOCALS });
  };
}

/** POST /voices — send the letter. */
function create(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(writeVoiceSchema, req.body);
    if (!form.ok) return renderNew(db, res, form.values, form.errors, 400);
    try {
      const v = await writeVoice(db, {
        author: req.user!,
        unitCode: form.data.unit,
        category: form.data.category,
        title: form.data.title,
        body: form.data.body,
        anonymous: form.data.anonymous,
        publicConsent: form.data.publicConsent,
        ip: req.ip,
      });
      flash(
        req,
        'success',
        form.data.anonymous ? '已匿名送出，收信单位看不到您的姓名。答复后会显示在“我的心声”中' : '已送出，答复后会显示在“我的心声”中',
      );
      res.redirect(303, `/voices/${v.id}`);
    } catch (e) {
      if (e instanceof ValidationError) return renderNew(db, res, req.body, e.fieldErrors, 400);
      throw e;
    }
  };
}

/** GET /voices/mine — what I wrote and the answers; the inboxes I answer for. */
function mine(db: Db) {
  return async (req: Request, res: Response) => {
    const user = req.user!;
    const secretaryOf = user.grants.filter((g) => g.role === 'SECRETARY' && g.unitId !== null).map((g) => g.unitId as number);
    const office = can(user, 'voice.stats');
    const [voices, inboxes] = await Promise.all([
      myVoices(db, user.id),
      secretaryOf.length || office ? inboxUnits(db, secretaryOf, office) : [],
    ]);
    res.page('voices/mine', { title: '我的心声', voices, inboxes, office, ...VOICE_LOCALS });
  };
}

/** GET /voices/public — answered voices made public with their writers' consent. */
function publicList(db: Db) {
  return async (req: Request, res: Response) => {
    const q = pageQuery.parse(req.query);
    const result = await publicVoices(db, q.page);
    res.page('voices/public', {
      title: '公开的心声',
      result,
      pager: { page: q.page, pages: result.pages, total: result.total, params: {} },
      ...VOICE_LOCALS,
    });
  };
}

/** GET /voices/stats — the office's view of response times per unit. */
function stats(db: Db) {
  return async (req: Request, res: Response) => {
    const q = statsQuery.parse(req.query);
    const to = q.to ? new Date(q.to.getTime() + 86_400_000) : undefined;
    const summary = summarizeResponses(await responseRows(db, { from: q.from, to }));
    res.page('voices/stats', {
      title: '心声答复时效',
      summary,
      filters: { from: q.from ? req.query.from : '', to: q.to ? req.query.to : '' },
      ...VOICE_LOCALS,
    });
  };
}

/** GET /units/:code/voices — the unit's inbox for its secretary (read-only for the office on the branches). */
function inbox(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const q = inboxQuery.parse(req.query);
    const result = await unitInbox(db, unit.id, q);
    const params = { status: q.status, category: q.category };
    res.page('voices/inbox', {
      title: `${unit.name} · 意见箱`,
      result,
      filters: params,
      now: new Date(),
      pager: { page: q.page, pages: result.pages, total: result.total, params },
      ...VOICE_LOCALS,
    });
  };
}

function renderShow(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const voice = res.locals.voice as VoiceDetail;
  if (!mayReadVoice(req.user, voice, res.locals.unit)) throw forbidden('这条心声只有写信人和收信单位可以查看');
  res.page('voices/show', { title: `心声：${voice.title}`, voice, writer: isWriter(req.user, voice), ...VOICE_LOCALS, ...extra }, status);
}

/** GET /voices/:id — the voice and its conversation, with the form for whoever acts next; its writer opening it
 * clears a new answer from their to-do. */
function show(db: Db) {
  return async (req: Request, res: Response) => {
    await answersSeen(db, res.locals.voice as VoiceDetail, req.user!);
    renderShow(req, res);
  };
}

/** Runs a change; a rule it breaks re-renders the voice page with the message (400), success redirects back. */
async function attempt(req: Request, res: Response, run: () => Promise<string>) {
  try {
    flash(req, 'success', await run());
  } catch (e) {
    if (e instanceof ValidationError) return renderShow(req, res, { errors: e.fieldErrors, values: req.body }, 400);
    throw e;
  }
  res.redirect(303, `/voices/${(res.locals.voice as VoiceDetail).id}`);
}

/** POST /voices/:id/answer — the recipient's answer, or the final answer after the writer's reply. */
function answer(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(messageSchema, req.body);
    if (!form.ok) return renderShow(req, res, { errors: form.errors, values: form.values }, 400);
    await attempt(req, res, async () => {
      const kind = await answerVoice(db, {
        voiceId: res.locals.voice.id,
        unit: res.locals.unit,
        actor: req.user!,
        body: form.data.body,
        ip: req.ip,
      });
      return kind === 'ANSWER' ? '已答复，写信人可以看到答复并回复一次' : '已作最终答复，本条心声办结';
    });
  };
}

/** POST /voices/:id/reply — the writer's one reply to the answer. */
function reply(db: Db) {
  return async (req: Request, res: Response) => {
    if (!isWriter(req.user, res.locals.voice)) throw forbidden('只有写信人可以回复');
    const form = parseForm(messageSchema, req.body);
    if (!form.ok) return renderShow(req, res, { errors: form.errors, values: form.values }, 400);
    await attempt(req, res, async () => {
      await replyToVoice(db, { voiceId: res.locals.voice.id, actor: req.user!, body: form.data.body, ip: req.ip });
      return '已回复';
    });
  };
}

/** POST /voices/:id/consent — the writer agrees to publication, or withdraws (which takes it down). */
function consent(db: Db) {
  return async (req: Request, res: Response) => {
    if (!isWriter(req.user, res.locals.voice)) throw forbidden('只有写信人可以决定是否同意公开');
    const form = parseForm(consentSchema, req.body);
    if (!form.ok) return renderShow(req, res, { errors: form.errors }, 400);
    await attempt(req, res, async () => {
      await setVoiceConsent(db, { voiceId: res.locals.voice.id, actor: req.user!, consent: form.data.consent, ip: req.ip });
      return form.data.consent ? '已同意公开：收信单位可以在答复后公开本条心声' : '已撤回同意，本条心声不会公开';
    });
  };
}

/** POST /voices/:id/publish — the recipient makes it public (with the writer's consent) or takes it back. */
function publish(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(publishSchema, req.body);
    if (!form.ok) return renderShow(req, res, { errors: form.errors }, 400);
    await attempt(req, res, async () => {
      await publishVoice(db, {
        voiceId: res.locals.voice.id,
        unit: res.locals.unit,
        actor: req.user!,
        publish: form.data.publish,
        ip: req.ip,
      });
      return form.data.publish ? '已公开，所有人可在“公开的心声”中看到' : '已取消公开';
    });
  };
}
