import { describe, expect, it } from 'vitest';
import type { Build } from '../../../src/buildkite/builds.js';
import { buildTiming } from '../../../src/features/builds/status-message.js';
import { notificationNote } from '../../../src/features/notifications/notification-messages.js';

const now = new Date('2026-11-28T12:00:00Z');
const sam = { id: 'u-sam', name: 'Sam Okafor', email: 'sam@acme.test' };
const priya = { id: 'u-priya', name: 'Priya Raman', email: 'priya@acme.test' };
const build = (people: Partial<Pick<Build, 'author' | 'creator'>>, times: Partial<Build> = { started_at: '2026-11-28T11:48:00Z', finished_at: '2026-11-28T11:52:12Z' }) =>
  ({ id: 'b', number: 88, state: 'failed', web_url: 'https://buildkite.com/acme/api/builds/88', ...people, ...times }) as Build;

describe('who wrote the commit and who started the build', () => {
  it('names both, each for what they did, when they differ', () => {
    expect(buildTiming(build({ author: sam, creator: priya }), now)).toBe('commit by Sam Okafor · started by Priya Raman 12 minutes ago · ran 4m 12s');
  });

  it('names one person once when they did both (matched by e-mail)', () => {
    expect(buildTiming(build({ author: { name: 'Priya R.', email: 'PRIYA@acme.test' }, creator: priya }), now)).toBe('commit and build by Priya R. · started 12 minutes ago · ran 4m 12s');
  });

  it('without a creator (Buildkite started it from a push), only the commit has a person', () => {
    expect(buildTiming(build({ author: sam }), now)).toBe('commit by Sam Okafor · started 12 minutes ago · ran 4m 12s');
  });

  it('a build not started yet says who created it', () => {
    expect(buildTiming(build({ author: sam, creator: priya }, { state: 'scheduled', created_at: '2026-11-28T11:59:00Z' }), now)).toBe('commit by Sam Okafor · created by Priya Raman 1 minute ago, not started yet');
  });

  it('escapes names', () => {
    expect(buildTiming(build({ author: { name: '<!here>' } }), now)).toContain('commit by &lt;!here&gt;');
  });

  it('the notification mentions the person who started the build, saying so', () => {
    expect(notificationNote('failed', 'U0PRIYA')).toBe(':red_circle: Failed · <@U0PRIYA>, you started this build');
    expect(notificationNote('failed', undefined)).toBe(':red_circle: Failed');
  });
});
