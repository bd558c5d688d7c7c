import { INFO_UPDATES_SOURCE } from '../../domain/assessment/info-updates.js';
import { METHOD_LABELS, METHOD_RULES, QUARTER_LABELS } from '../../domain/assessment/measures.js';

/** What every assessment view shows: the labels, the rules legend and the page's stylesheet. */
export const ASSESSMENT_LOCALS = {
  methodLabels: METHOD_LABELS,
  methodRules: METHOD_RULES,
  quarterLabels: QUARTER_LABELS,
  infoSource: INFO_UPDATES_SOURCE.label,
  extraStyles: ['/public/css/assessment.css'],
};
