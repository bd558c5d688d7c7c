import { z } from 'zod';

export const loginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名（工号）').max(64, '用户名过长'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(256, '密码过长'),
  returnTo: z.string().max(500).optional().catch(undefined),
});

/** Only a path on this site may follow a login: never another host, never a protocol-relative URL. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string') return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n]/.test(value)) return '/';
  if (value.startsWith('/login') || value.startsWith('/logout')) return '/';
  return value;
}
