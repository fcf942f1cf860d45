import { inlineCode } from './escape.js';
import { type Message, simple } from './message.js';

// What the product says when something named does not exist (or is not where the person thought).

export function unknownPipeline(slug: string, org: string, suggestion: string | undefined): Message {
  const hint = suggestion ? ` Did you mean ${inlineCode(suggestion)}?` : '';
  return simple(`:mag: No pipeline ${inlineCode(slug)} in ${inlineCode(org)}.${hint}`);
}

export function unknownBuild(slug: string, number: number): Message {
  return simple(`:mag: No build #${number} in pipeline ${inlineCode(slug)}.`);
}

export function wrongOrg(org: string, yours: string): Message {
  return simple(`:warning: That build is in ${inlineCode(org)}, but your Buildkite connection is for ${inlineCode(yours)}.`);
}
