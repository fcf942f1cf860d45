import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineButton, defineLinkButton } from '../../src/slack/buttons.js';
import { linkItem, menuItem, moreMenu, readMenuChoice } from '../../src/slack/more-menu.js';
import { validateBlocks } from '../../src/sandbox/slack-api/index.js';

const Thing = defineButton('thing', z.object({ name: z.string() }), { name: 'n' });
const Site = defineLinkButton('site');

describe('a card\'s "more" menu', () => {
  it('carries each option as the action id of the button it stands for and that button\'s value', () => {
    const menu = moreMenu([menuItem('One', Thing, { name: '1' }), linkItem('Open', Site, 'https://buildkite.com/acme')])!;
    expect(validateBlocks([{ type: 'actions', elements: [menu] }], 'message')).toEqual([]);
    expect(readMenuChoice(menu.options[0]!.value)).toEqual({ actionId: 'thing', value: '{"n":"1"}' });
    expect(menu.options[1]).toMatchObject({ url: 'https://buildkite.com/acme', value: 'site' });
    expect(readMenuChoice('nonsense')).toBeUndefined();
  });

  it('is not drawn when Slack would refuse it: more than 5 options, or a value over 150 characters', () => {
    expect(moreMenu(Array.from({ length: 6 }, (_, i) => menuItem(`${i}`, Thing, { name: `${i}` })))).toBeUndefined();
    expect(moreMenu([menuItem('Long', Thing, { name: 'x'.repeat(140) })])).toBeUndefined();
    expect(moreMenu([])).toBeUndefined();
  });
});
