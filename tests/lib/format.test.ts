import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import * as fmt from '../../src/lib/format.js';

describe('the views’ formatters', () => {
  const dates = [
    new Date(2026, 0, 5, 8, 3),
    new Date(2026, 11, 31, 23, 59, 59),
    new Date(1999, 8, 9, 0, 0),
    new Date('2026-11-27T16:30:00Z'),
  ];

  it('show dates and times in local time, as YYYY-MM-DD and YYYY-MM-DD HH:mm', () => {
    expect(fmt.date(new Date(2026, 0, 5, 8, 3))).toBe('2026-01-05');
    expect(fmt.dateTime(new Date(2026, 0, 5, 8, 3))).toBe('2026-01-05 08:03');
    for (const d of dates) {
      expect(fmt.date(d)).toBe(dayjs(d).format('YYYY-MM-DD'));
      expect(fmt.dateTime(d)).toBe(dayjs(d).format('YYYY-MM-DD HH:mm'));
    }
    expect(fmt.date('2026-03-04')).toBe('2026-03-04');
    expect(fmt.date(null)).toBe('—');
    expect(fmt.dateTime(undefined)).toBe('—');
  });

  it('show numbers grouped the Chinese way with the decimals asked for', () => {
    expect(fmt.number(1234567)).toBe('1,234,567');
    expect(fmt.number(98.456, 1)).toBe('98.5');
    expect(fmt.number(3, 2)).toBe('3.00');
    expect(fmt.number(null)).toBe('—');
    expect(fmt.number(Number.NaN, 1)).toBe('—');
  });

  it('show a person’s given name in the avatar, and the start of a longer name that is not a person’s', () => {
    expect(['张建国', '王芳', '欧阳明月', '系统管理员', ' 李 '].map(fmt.initials)).toEqual(['建国', '王芳', '明月', '系统', '李']);
  });
});
