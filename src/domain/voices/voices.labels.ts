import type { VoiceCategory, VoiceStatus } from '../../generated/prisma/enums.js';

export const CATEGORY_LABELS: Record<VoiceCategory, string> = {
  SUGGESTION: '意见建议',
  HELP: '困难求助',
  THOUGHT: '思想汇报',
  PRAISE: '表扬',
  OTHER: '其他',
};

export const STATUS_LABELS: Record<VoiceStatus, string> = {
  OPEN: '待答复',
  ANSWERED: '已答复',
  REPLIED: '写信人已回复',
  CLOSED: '已办结',
};

export const VOICE_CATEGORIES = Object.keys(CATEGORY_LABELS) as VoiceCategory[];
