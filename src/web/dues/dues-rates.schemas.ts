import { parsePercent, parseYuan } from '../../domain/dues/money.js';
import type { RateLine } from '../../domain/dues/rate-table.js';
import type { RateChange } from '../../domain/dues/rates.service.js';
import { DUES_CATEGORY_LABELS } from '../../domain/dues/rules.js';
import type { DuesCategory } from '../../generated/prisma/enums.js';

type Body = Record<string, unknown>;
type Errors = Record<string, string>;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** One line's fields `<field>_<key>`: bounds (元), rate (%) or fixed amount (元), and its label; errors by field. */
function lineOf(body: Body, key: number | 'new', errors: Errors): Omit<RateChange, 'id'> {
  const money = (field: string) => {
    const t = str(body[`${field}_${key}`]);
    if (!t) return null;
    const fen = parseYuan(t);
    if (fen == null) errors[`${field}_${key}`] = '应为金额（元），最多两位小数';
    return fen;
  };
  const t = str(body[`rate_${key}`]);
  const bp = t ? parsePercent(t) : null;
  if (t && (bp == null || bp > 10000)) errors[`rate_${key}`] = '比例应为 0 到 100 之间的百分数，最多两位小数';
  const label = str(body[`label_${key}`]).slice(0, 100);
  if (!label) errors[`label_${key}`] = '请填写名称';
  const line = { aboveFen: money('above'), upToFen: money('upTo'), basisPoints: bp, fixedFen: money('fixed'), label };
  if (line.aboveFen != null && line.upToFen != null && line.upToFen <= line.aboveFen) errors[`upTo_${key}`] = '上限应大于下限';
  return line;
}

/** POST /dues/rates and the add and delete buttons: the lines submitted (a line whose fields are absent stays as it is). */
export function parseRates(body: Body, ids: number[]) {
  const errors: Errors = {};
  const rates = ids.filter((id) => Object.hasOwn(body, `label_${id}`)).map((id) => ({ id, ...lineOf(body, id, errors) }));
  return { rates, errors };
}

/** POST /dues/rates/new — the new line's category and fields (`<field>_new`), added to the errors of the lines. */
export function parseNewRate(body: Body, errors: Errors): RateLine {
  const category = str(body.category_new);
  if (!Object.hasOwn(DUES_CATEGORY_LABELS, category)) errors.category_new = '请选择类别';
  return { category: category as DuesCategory, ...lineOf(body, 'new', errors) };
}
