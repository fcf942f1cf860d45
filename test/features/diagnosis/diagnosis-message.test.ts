import { describe, expect, it } from 'vitest';
import { diagnosisMessage } from '../../../src/features/diagnosis/diagnosis-message.js';
import type { Evidence } from '../../../src/features/diagnosis/evidence.js';
import { decide } from '../../../src/features/diagnosis/verdicts.js';

const ref = { pipeline: 'web', build: 10 };
const base: Evidence = {
  build: { id: 'b', number: 10, state: 'failed', branch: 'main <!here>', webUrl: 'https://buildkite.com/acme/web/builds/10' },
  jobs: [], moreJobs: 0, jobsUnknown: false, tests: [], annotations: [], history: [], source: 'summary', calls: 3, cutShort: false,
};
const draw = (evidence: Evidence, logsOff = false) => diagnosisMessage({ ref, evidence, verdicts: decide(evidence), askedBy: 'U0JANE', logsOff });

describe('diagnosis message', () => {
  it('masks a secret whose header is above the lines shown, and escapes what Buildkite printed: no ping, no forged link', () => {
    const lines = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA7bq3', ...Array.from({ length: 10 }, () => 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo='), 'Error: <!channel> see <https://evil.example|the fix>'];
    const message = draw({
      ...base,
      jobs: [{ id: 'j1', title: 'Unit <@U0BOSS>', key: 'unit', state: 'failed', exitStatus: 1, errorLines: lines, shownLines: 6, retryable: true }],
      tests: [{ name: 'rounds <!everyone>', location: 'a.ts:1', reason: 'expected `x`' }],
      annotations: [{ context: 'lint', style: 'error', bodyHtml: '<p>@channel <a href="https://x.example">y</a></p>' }],
    });
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=');
    expect(text).not.toMatch(/<!(channel|here|everyone)>/);
    expect(text).not.toContain('<@U0BOSS>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('<@U0JANE>');
  });

  it('escapes a hostile step label in the notification text as in every block: no ping, no forged link', () => {
    const evil = '<!channel> deploy <https://evil.example|Open build> <@U0BOSS> &amp;';
    const job = { id: 'j1', title: evil, key: 'deploy', state: 'failed', exitStatus: 1, errorLines: ['Error: boom'], shownLines: 1, retryable: true };
    const message = draw({ ...base, jobs: [job] });
    for (const rendered of [message.text, JSON.stringify(message.blocks)]) {
      expect(rendered).not.toMatch(/<!(channel|here|everyone)>/);
      expect(rendered).not.toContain('<https://evil.example');
      expect(rendered).not.toContain('<@U0BOSS>');
    }
    expect(message.text).toContain('&lt;!channel&gt; deploy');
  });

  it('shows log lines without their terminal colours', () => {
    const message = draw({ ...base, jobs: [{ id: 'j1', title: 'Unit', key: 'unit', state: 'failed', exitStatus: 1, errorLines: ['\u001b[31mFAIL\u001b[0m src/a.test.ts'], shownLines: 1, retryable: true }] });
    expect(JSON.stringify(message.blocks)).toContain('```FAIL src/a.test.ts```');
  });

  it('shows no log lines when the channel turned them off, and says where they are', () => {
    const message = draw({ ...base, jobs: [{ id: 'j1', title: 'Unit', key: 'unit', state: 'failed', exitStatus: 1, errorLines: ['Error: boom'], shownLines: 1, retryable: true }] }, true);
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('Error: boom');
    expect(text).toContain('Log lines are off in this channel');
  });

  it('stays within Slack’s limits with many long lines, tests and annotations', () => {
    const long = 'x'.repeat(5000);
    const jobs = Array.from({ length: 3 }, (_, i) => ({ id: `j${i}`, title: long, key: `k${i}`, state: 'failed', exitStatus: 1, errorLines: Array.from({ length: 66 }, () => long), shownLines: 6, retryable: true }));
    const message = draw({ ...base, jobs, moreJobs: 40, tests: Array.from({ length: 30 }, () => ({ name: long, location: long, reason: long, url: 'https://buildkite.com/t' })), annotations: Array.from({ length: 9 }, () => ({ context: long, style: 'warning', bodyHtml: long })) });
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks as { text?: { text: string }; elements?: { text?: string }[] }[]) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      for (const element of block.elements ?? []) expect(element.text?.length ?? 0).toBeLessThanOrEqual(3000);
    }
  });
});
