/** A command's refusal: its message goes to standard error, and the process exits with `exitCode`. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
