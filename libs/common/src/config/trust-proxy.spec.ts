import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.1 ,::1,fd00::/8,loopback', ['10.0.0.0/8', '192.168.1.1', '::1', 'fd00::/8', 'loopback']],
  ])('reads %s', (text, expected) => expect(parseTrustProxy(text)).toEqual(expected));

  it.each(['yes', '10.0.0.0/33', '::1/129', '10.0.0', '10.0.0.1/8/2', 'proxy.internal', '10.0.0.1,', '1000', '-1'])('refuses %s', (text) =>
    expect(parseTrustProxy(text)).toBeNull(),
  );
});
