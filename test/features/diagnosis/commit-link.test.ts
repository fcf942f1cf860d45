import { describe, expect, it } from 'vitest';
import { commitUrl } from '../../../src/features/diagnosis/commit-link.js';

describe('commit links', () => {
  it('links a commit on GitHub, GitLab and Bitbucket, from SSH or HTTPS remotes', () => {
    const sha = 'f00dfeed'.repeat(5);
    expect(commitUrl('git@github.com:acme/web.git', sha)).toBe(`https://github.com/acme/web/commit/${sha}`);
    expect(commitUrl('https://gitlab.com/acme/group/web', sha)).toBe(`https://gitlab.com/acme/group/web/-/commit/${sha}`);
    expect(commitUrl('ssh://git@bitbucket.org/acme/web.git', sha)).toBe(`https://bitbucket.org/acme/web/commits/${sha}`);
  });

  it('gives none for other hosts, odd paths or a commit that is not a SHA (HEAD)', () => {
    expect(commitUrl('git@git.internal:acme/web.git', 'abc1234')).toBeUndefined();
    expect(commitUrl('git@github.com:acme/web.git', 'HEAD')).toBeUndefined();
    expect(commitUrl('https://github.com/acme/we<b>.git', 'abc1234')).toBeUndefined();
    expect(commitUrl(undefined, 'abc1234')).toBeUndefined();
  });
});
