import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.js';
import { errorHandler } from '../../src/web/middleware/errors.js';

describe('a burst that leaves no database connection free in time', () => {
  // Found by the load test: 150 people logging in at once made Prisma give up starting a transaction (P2028), which
  // was answered as a 500 "系统出错了". It is an overload, and the person should simply try again.
  it('answers 503 “系统繁忙” instead of a 500', async () => {
    const app = express();
    app.get('/x', () => {
      throw new Prisma.PrismaClientKnownRequestError('Transaction API error: Unable to start a transaction in the given time.', {
        code: 'P2028',
        clientVersion: '7',
      });
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const res = await request(app).get('/x');
    expect(res.status).toBe(503);
    expect(res.text).toContain('系统繁忙');
    expect(res.text).not.toContain('Transaction API');
  });
});
