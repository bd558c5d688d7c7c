import type { Express } from 'express';
import type { AppPassport } from './middleware/passport.js';
import type { Database } from '../db/client.js';
import type { AppDeps } from './app.js';
import { authRoutes } from './auth/auth.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { meRoutes } from './me/me.routes.js';
import { todoRoutes } from './sites/todo.routes.js';
import { unitsRoutes } from './units/units.routes.js';
import { modulesRoutes } from './sites/modules.routes.js';
import { attachmentsRoutes } from './files/attachments.routes.js';
import { contentRoutes } from './content/content.routes.js';
import { catalogueRoutes } from './admin/catalogue.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import { usersRoutes } from './admin/users.routes.js';
import { adminUnitsRoutes } from './admin/units.routes.js';
import { auditRoutes } from './admin/audit.routes.js';
import { reviewRoutes } from './review/review.routes.js';
import { changesRoutes } from './review/changes.routes.js';
import { inspectionsRoutes } from './inspections/inspections.routes.js';
import { pdcaRoutes } from './pdca/pdca.routes.js';
import { visitSheetRoutes } from './review/visit-sheet.routes.js';
import { boardsRoutes } from './boards/boards.routes.js';
import { noticesRoutes } from './notices/notices.routes.js';
import { voicesRoutes } from './voices/voices.routes.js';
import { consultationsRoutes } from './consultations/consultations.routes.js';
import { rosterRoutes } from './roster/roster.routes.js';
import { assessmentRoutes } from './assessment/assessment.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { knowledgeRoutes } from './knowledge/knowledge.routes.js';
import { exchangeRoutes } from './exchange/exchange.routes.js';
import { orgLifeRoutes } from './orglife/orglife.routes.js';

export interface RouteDeps {
  db: Database;
  passport: AppPassport;
  config: AppDeps['config'];
}

/** The route table: one module per area, each line of which declares its permission. */
export function mountRoutes(app: Express, deps: RouteDeps): void {
  const prisma = deps.db.prisma;
  app.use(healthRoutes(prisma));
  app.use(authRoutes(deps.passport));
  app.use(homeRoutes(prisma));
  app.use(searchRoutes(prisma));
  app.use(unitsRoutes(prisma));
  app.use(modulesRoutes(prisma));
  app.use(contentRoutes(prisma));
  app.use(attachmentsRoutes(prisma));
  app.use(catalogueRoutes(prisma));
  app.use(adminRoutes(prisma));
  app.use(usersRoutes(prisma));
  app.use(adminUnitsRoutes(prisma));
  app.use(auditRoutes(prisma));
  app.use(meRoutes(prisma));
  app.use(todoRoutes(prisma));
  app.use(reviewRoutes(prisma));
  app.use(changesRoutes(prisma));
  app.use(inspectionsRoutes(prisma));
  app.use(pdcaRoutes(prisma));
  app.use(visitSheetRoutes(prisma));
  app.use(boardsRoutes(prisma));
  app.use(noticesRoutes(prisma));
  app.use(voicesRoutes(prisma));
  app.use(consultationsRoutes(prisma));
  app.use(rosterRoutes(prisma));
  app.use(assessmentRoutes(prisma));
  app.use(statsRoutes(prisma));
  app.use(knowledgeRoutes(prisma), exchangeRoutes(prisma));
  app.use(orgLifeRoutes(prisma));
}
