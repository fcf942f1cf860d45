/**
 * The process's stdout and stderr, written so that a closed one can never hurt the bot. When the
 * reader of a pipe goes away (a log collector restarting), every write fails with EPIPE, reported
 * later as an 'error' event: without a listener that is an uncaught exception, whose handler logs,
 * which fails again, and the process spins. Here each stream's first error closes it for good (its
 * lines are dropped from then on, said once on the other stream), and no write can throw.
 */
type Stream = NodeJS.WritableStream & { destroyed?: boolean; writable?: boolean };

class Output {
  private closed = false;
  private guarded = false;

  constructor(
    private readonly name: 'stdout' | 'stderr',
    private readonly stream: () => Stream,
    private readonly onClosed: (name: string, reason: string) => void,
  ) {}

  /** Listens for the stream's errors (once): its first error closes it. */
  guard(): Stream {
    const stream = this.stream();
    if (!this.guarded) {
      this.guarded = true;
      stream.on('error', (error: Error & { code?: string }) => this.close(error.code ?? error.message));
    }
    return stream;
  }

  write(line: string): void {
    if (this.closed) return;
    const stream = this.guard();
    if (stream.destroyed || stream.writable === false) return this.close('closed');
    try {
      stream.write(line);
    } catch (error) {
      this.close(error instanceof Error ? error.message : String(error));
    }
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed(this.name, reason);
  }
}

/** LOG_FORMAT=json: the notice below is a JSON object too (set by the process once it knows the format). */
let noticesAsJson = false;

/** Says the notice of a closed stream as a JSON line (LOG_FORMAT=json) or as a text line. */
export function writeNoticesAsJson(json: boolean): void {
  noticesAsJson = json;
}

const notice = (closed: string, reason: string) => {
  const message = `${closed} was closed (${reason}): its log lines are dropped from now on`;
  const time = new Date().toISOString();
  return noticesAsJson ? `${JSON.stringify({ time, level: 'warn', name: 'buildkite-bot', message })}\n` : `${time} [WARN] ${message}\n`;
};

const stdout: Output = new Output('stdout', () => process.stdout, (name, reason) => stderr.write(notice(name, reason)));
const stderr: Output = new Output('stderr', () => process.stderr, (name, reason) => stdout.write(notice(name, reason)));

/** Writes to stdout, or drops the text once stdout is closed; never throws. */
export function writeStdout(text: string): void {
  stdout.write(text);
}

/** Writes to stderr, or drops the text once stderr is closed; never throws. */
export function writeStderr(text: string): void {
  stderr.write(text);
}

/**
 * Listens for both streams' errors from the start: a stream can fail on a write made by someone else
 * (a library's console.log) before the bot writes to it.
 */
export function guardOutputs(): void {
  stdout.guard();
  stderr.guard();
}
