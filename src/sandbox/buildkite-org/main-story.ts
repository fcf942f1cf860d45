import { createHash } from 'node:crypto';
import type { BuildInput } from './builders.js';
import { DEMO_USERS } from './seed.js';

type DemoUser = (typeof DEMO_USERS)[keyof typeof DEMO_USERS];

/** One build of the story: who pushed what, and which of its steps fail. */
interface Chapter {
  who: DemoUser;
  message: string;
  /** Step names that fail in this build; the rest pass. */
  failing: string[];
}

const STEPS = [':hammer: Build', ':jest: Tests', ':eslint: Lint'];

/**
 * What happens on `main` in the sandbox, over and over: a green build, then Ana's refactor breaks the
 * tests and two more pushes land on a red branch (Lint is already flaky before the streak, so it is not
 * what newly broke), then Sam's fix turns it green. Each build is by someone else, so the story has a
 * first bad commit, people who pushed on red, and a fixer.
 */
const CHAPTERS: Chapter[] = [
  { who: DEMO_USERS.tom, message: 'Bump react-router to 7.7', failing: [] },
  { who: DEMO_USERS.priya, message: 'Retry flaky lint cache', failing: [':eslint: Lint'] },
  { who: DEMO_USERS.tom, message: 'Tidy checkout copy', failing: [] },
  { who: DEMO_USERS.ana, message: 'Refactor coupon rounding into Money', failing: [':jest: Tests'] },
  { who: DEMO_USERS.tom, message: 'Add dark mode toggle', failing: [':jest: Tests'] },
  { who: DEMO_USERS.priya, message: 'Log coupon totals', failing: [':jest: Tests', ':eslint: Lint'] },
  { who: DEMO_USERS.sam, message: 'Fix coupon rounding: round half to even in cents', failing: [] },
];

/** The `n`th build of the story on `main` (1-based), as the fake organisation takes it. */
export function storyBuild(n: number): BuildInput & { failing: string[] } {
  const chapter = CHAPTERS[(n - 1) % CHAPTERS.length]!;
  const commit = createHash('sha1').update(`story ${n}`).digest('hex');
  return {
    pipeline: 'web',
    state: 'scheduled',
    branch: 'main',
    commit,
    message: chapter.message,
    creator: chapter.who.id,
    author: { name: chapter.who.name, email: chapter.who.email },
    jobs: STEPS.map((name) => ({ name, state: 'scheduled' as const })),
    failing: chapter.failing,
  };
}
