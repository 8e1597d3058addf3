import type { ErrorCode } from './errorCodes';

/** An error as it crosses a boundary: a stable code and words for people, never a stack. */
export interface AppErrorShape {
  code: ErrorCode;
  message: string;
}

/** An error meant for the user: a stable `code` for scripts and a plain-words `message`. */
export class AppError extends Error implements AppErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message };
  }
}

/** The shape to send across a boundary: AppErrors as they are, anything else without its stack. */
export function toErrorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toJSON();
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as AppErrorShape).code === 'string' &&
    typeof (error as AppErrorShape).message === 'string' &&
    !(error instanceof Error)
  ) {
    return { code: (error as AppErrorShape).code, message: (error as AppErrorShape).message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Something went wrong: ${message}` };
}
