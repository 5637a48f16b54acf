import { messagingWindow } from '../../src/channels/meta/messaging-window';

const now = new Date('2026-12-03T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe("Meta's messaging windows", () => {
  it('lets anyone answer within 24 hours of the customer\'s last direct message', () => {
    expect(messagingWindow(hoursAgo(23.9), now, 'assistant')).toEqual({ kind: 'standard' });
    expect(messagingWindow(hoursAgo(1), now, 'operator')).toEqual({ kind: 'standard' });
  });

  it('after 24 hours lets only an operator answer, with the HUMAN_AGENT tag, until 7 days', () => {
    expect(messagingWindow(hoursAgo(24), now, 'operator')).toEqual({ kind: 'human_agent' });
    expect(messagingWindow(hoursAgo(7 * 24 - 0.1), now, 'operator')).toEqual({ kind: 'human_agent' });
    for (const author of ['assistant', 'system', undefined] as const) {
      expect(messagingWindow(hoursAgo(25), now, author)).toMatchObject({ kind: 'closed', reason: expect.stringMatching(/24 hours/) });
    }
  });

  it('refuses everyone after 7 days, and when the customer never wrote directly', () => {
    expect(messagingWindow(hoursAgo(7 * 24), now, 'operator')).toMatchObject({ kind: 'closed', reason: expect.stringMatching(/7 days/) });
    expect(messagingWindow(undefined, now, 'operator')).toMatchObject({ kind: 'closed', reason: expect.stringMatching(/never wrote/) });
  });
});
