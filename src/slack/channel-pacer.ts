/**
 * Slack lets an app post about one message a second in a channel (short bursts aside): posts to one
 * channel go out one after another, a second apart, in the order they were asked for. Other channels
 * are not held up. (A 429 that still happens is retried by the WebClient, honouring Retry-After.)
 */
export class ChannelPacer {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly gapMs = 1_000) {}

  post<T>(channel: string, send: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(channel) ?? Promise.resolve();
    const sent = previous.then(send);
    const done = sent.then(
      () => undefined,
      () => undefined,
    ).then(() => new Promise<void>((resolve) => setTimeout(resolve, this.gapMs).unref()));
    this.queues.set(channel, done);
    // The queue of a quiet channel is forgotten once its last post has had its gap.
    void done.then(() => {
      if (this.queues.get(channel) === done) this.queues.delete(channel);
    });
    return sent;
  }
}
