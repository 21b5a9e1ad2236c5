/** Bad usage: exit code 2, and the message says what to fix. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliUsageError'
  }
}

/** Ctrl-C stopped the command (exit code 130); what it interrupted was already reported. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted')
    this.name = 'InterruptedError'
  }
}

/** The exit codes, one meaning each (the help text lists them). */
export const exitCodes = { done: 0, failed: 1, usage: 2, interrupted: 130 } as const
