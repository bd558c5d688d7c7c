import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/client.js';
import { databaseTarget } from '../db/target.js';
import { migrate } from '../db/migrator.js';
import { hashPassword } from '../domain/auth/passwords.js';
import { audit } from '../domain/audit/audit.service.js';

/**
 * `npm run admin:create -- <username> <显示名>`: creates (or re-activates) an administrator with a temporary
 * password that must be changed at first login. For an organisation started with SEED_DEMO=false.
 */
const [username, displayName] = process.argv.slice(2);
if (!username || !displayName) {
  console.log('用法: npm run admin:create -- <用户名> <姓名>');
  process.exit(2);
}
const config = loadConfig();
const { embedded, ownerUrl, appUrl, appRole } = await databaseTarget(config);
await migrate(ownerUrl, undefined, { appRole });
const db = connectDatabase(appUrl);
const temporary = `Tmp#${randomBytes(6).toString('base64url')}`;
const passwordHash = await hashPassword(temporary);
await db.prisma.$transaction(async (tx) => {
  const person = await tx.person.upsert({
    where: { username },
    create: { username, displayName, passwordHash, mustChangePassword: true },
    update: { passwordHash, mustChangePassword: true, active: true },
  });
  const existing = await tx.roleGrant.findFirst({ where: { personId: person.id, role: 'ADMIN', unitId: null } });
  if (!existing) await tx.roleGrant.create({ data: { personId: person.id, role: 'ADMIN', unitId: null } });
  await audit(tx, {
    actorId: null,
    action: 'person.admin_created',
    entityType: 'Person',
    entityId: person.id,
    summary: `命令行创建管理员 ${username}`,
  });
});
console.log(`管理员 ${username} 已就绪。临时密码：${temporary}（首次登录后须修改）`);
await db.close();
await embedded?.stop();
