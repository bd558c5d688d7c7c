/** A business rule failed on submitted data: the form is shown again with these messages beside its fields. */
export class ValidationError extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(Object.values(fieldErrors).join('；'));
  }
}

/** What a service reports when the thing asked for does not exist (the web layer answers 404). */
export class NotFoundError extends Error {
  constructor(readonly what = '内容') {
    super(`${what}不存在`);
  }
}

/** What a service reports when the actor may not do this (the web layer answers 403). */
export class ForbiddenError extends Error {
  constructor(message = '您没有权限进行此操作') {
    super(message);
  }
}

/** Someone else saved first: the second save is refused and both versions are shown. */
export class ConflictError extends Error {
  constructor(
    message = '内容已被他人修改',
    readonly current?: unknown,
  ) {
    super(message);
  }
}
