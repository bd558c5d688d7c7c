import { z } from 'zod';

export const changePasswordSchema = z
  .object({
    current: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码').max(256),
    next: z.string({ error: '请输入新密码' }).min(1, '请输入新密码').max(256),
    confirm: z.string({ error: '请再次输入新密码' }).max(256),
  })
  .refine((v) => v.next === v.confirm, { path: ['confirm'], message: '两次输入的新密码不一致' });
