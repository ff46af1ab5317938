import { channelUrlProblem, maskUrl } from './channel-url';

describe('maskUrl', () => {
  it('shows the origin and the last four characters of a long path only', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/abcdefghijklmnopqrstuvwx')).toBe('https://hooks.slack.com/…uvwx');
    expect(maskUrl('https://hooks.slack.com/x')).toBe('https://hooks.slack.com/…');
  });
});

describe('channelUrlProblem', () => {
  const hosts = ['hooks.slack.com'];
  it('wants https on an allowed host', () => {
    expect(channelUrlProblem('https://hooks.slack.com/services/a', hosts, false)).toBeNull();
    expect(channelUrlProblem('https://HOOKS.slack.com/services/a', hosts, false)).toBeNull();
    expect(channelUrlProblem('http://hooks.slack.com/services/a', hosts, false)).toBe('must be an https URL');
    expect(channelUrlProblem('https://hooks.slack.com.evil.io/a', hosts, false)).toMatch(/allowed host/);
    expect(channelUrlProblem('https://user:pw@hooks.slack.com/a', hosts, false)).toBe('must not contain credentials');
  });
  it('accepts http where private targets are allowed (development)', () => {
    expect(channelUrlProblem('http://hooks.slack.com/services/a', hosts, true)).toBeNull();
  });
});
