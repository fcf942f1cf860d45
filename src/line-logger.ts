import { LogLevel, type Logger } from '@slack/logger';
import { writeStderr, writeStdout } from './log-output.js';

/** Where each line goes: debug and info on stdout, warn and error on stderr. */
export interface LogOutputs {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export const PROCESS_OUTPUTS: LogOutputs = { stdout: writeStdout, stderr: writeStderr };

export const LEVEL_ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** One whole line (newline included) of a call's arguments, in a format: text or JSON. */
export type LineFormat = (level: LogLevel, name: string, msg: unknown[]) => string;

/**
 * A @slack/logger Logger that writes one line per call in a given format, written through
 * log-output.ts instead of the console: a closed output drops lines instead of failing, nothing here
 * throws, and a line logged while one is being written (a message whose formatting logs) is dropped
 * rather than recursing.
 */
export class LineLogger implements Logger {
  private level = LogLevel.INFO;
  private name = '';
  private writing = false;

  constructor(
    private readonly format: LineFormat,
    private readonly outputs: LogOutputs = PROCESS_OUTPUTS,
  ) {}

  debug(...msg: unknown[]): void {
    this.write(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.write(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.write(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.write(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private write(level: LogLevel, msg: unknown[]): void {
    if (LEVEL_ORDER.indexOf(level) < LEVEL_ORDER.indexOf(this.level) || this.writing) return;
    this.writing = true;
    try {
      const line = this.format(level, this.name, msg);
      if (level === LogLevel.DEBUG || level === LogLevel.INFO) this.outputs.stdout(line);
      else this.outputs.stderr(line);
    } catch {
      // A message that cannot be formatted (a throwing getter) is dropped: logging never throws.
    } finally {
      this.writing = false;
    }
  }
}
