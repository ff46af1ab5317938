import { Controller, Get } from '@nestjs/common';
import { HEADERS_METADATA } from '@nestjs/common/constants';
import { Deprecated, deprecationHeaders } from './deprecation';

describe('Deprecation / Sunset', () => {
  const since = new Date('2026-12-01T00:00:00Z');
  const sunset = new Date('2027-06-01T00:00:00Z');

  it('formats Deprecation as @epoch-seconds, Sunset as an HTTP-date, and the link', () => {
    expect(deprecationHeaders({ since, sunset, link: 'https://relay.example.com/changelog#v1-tickets-search' })).toEqual({
      Deprecation: '@1796083200',
      Sunset: 'Tue, 01 Jun 2027 00:00:00 GMT',
      Link: '<https://relay.example.com/changelog#v1-tickets-search>; rel="deprecation"',
    });
    expect(deprecationHeaders({ since, sunset })).not.toHaveProperty('Link');
  });

  it('refuses a sunset that does not come after the deprecation', () => {
    expect(() => deprecationHeaders({ since: sunset, sunset: since })).toThrow(/after/);
  });

  it('sets the headers on the route and marks it for the OpenAPI document', () => {
    @Controller()
    class Retiring {
      @Get()
      @Deprecated({ since, sunset })
      old(): string {
        return 'still here';
      }
    }
    const handler = Object.getOwnPropertyDescriptor(Retiring.prototype, 'old')!.value;
    expect(Reflect.getMetadata(HEADERS_METADATA, handler)).toEqual(
      expect.arrayContaining([
        { name: 'Deprecation', value: '@1796083200' },
        { name: 'Sunset', value: 'Tue, 01 Jun 2027 00:00:00 GMT' },
      ]),
    );
    expect(Reflect.getMetadata('swagger/apiExtension', handler)).toEqual({ 'x-sunset': '2027-06-01T00:00:00.000Z' });
  });
});
