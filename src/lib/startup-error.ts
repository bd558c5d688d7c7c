import { accessSync, constants, mkdirSync } from 'node:fs';

/** A reason the portal cannot start that the operator can act on: printed as its one line, without a stack. */
export class StartupError extends Error {}

/** Creates `dir` if needed and makes sure the portal may write in it; otherwise says which folder and what to do. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new StartupError(`数据目录 ${dir} 无法写入（${code}）：检查它的权限，或把 DATA_DIR 设为可写的目录`);
  }
}
