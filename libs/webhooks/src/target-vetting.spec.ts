import { isPublicAddress, Resolver, UnsafeTargetError, vetTarget } from './target-vetting';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.100.100.200',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('accepts %s', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
});

describe('vetTarget', () => {
  const resolvingTo =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('returns the vetted address the connection must use', async () => {
    const target = await vetTarget('https://hooks.example.com/in', { allowPrivate: false, resolve: resolvingTo('93.184.216.34') });
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(target.url.hostname).toBe('hooks.example.com');
  });

  it('refuses a host that now resolves to a private address (DNS rebinding at delivery time)', async () => {
    let answer = '93.184.216.34';
    const rebinding: Resolver = async () => [{ address: answer, family: 4 }];
    await expect(vetTarget('https://hooks.example.com/in', { allowPrivate: false, resolve: rebinding })).resolves.toBeDefined();
    answer = '169.254.169.254';
    await expect(vetTarget('https://hooks.example.com/in', { allowPrivate: false, resolve: rebinding })).rejects.toThrow(UnsafeTargetError);
  });

  it('refuses when any of several addresses is private', async () => {
    await expect(
      vetTarget('https://hooks.example.com', { allowPrivate: false, resolve: resolvingTo('93.184.216.34', '10.0.0.7') }),
    ).rejects.toThrow(/10\.0\.0\.7/);
  });

  it('checks IP literals without resolving them', async () => {
    const never: Resolver = async () => {
      throw new Error('must not resolve');
    };
    await expect(vetTarget('http://[::1]:8080/', { allowPrivate: false, resolve: never })).rejects.toThrow(UnsafeTargetError);
    await expect(vetTarget('http://2130706433/', { allowPrivate: false, resolve: never })).rejects.toThrow(UnsafeTargetError);
    await expect(vetTarget('http://8.8.8.8/', { allowPrivate: false, resolve: never })).resolves.toMatchObject({ address: '8.8.8.8' });
  });

  it('allows private targets only when configured to', async () => {
    await expect(vetTarget('http://127.0.0.1:9/', { allowPrivate: true, resolve: resolvingTo() })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });

  it('refuses unresolvable hosts and non-http schemes', async () => {
    await expect(vetTarget('https://nowhere.invalid', { allowPrivate: true, resolve: resolvingTo() })).rejects.toThrow(/does not resolve/);
    await expect(vetTarget('ftp://example.com', { allowPrivate: true, resolve: resolvingTo('8.8.8.8') })).rejects.toThrow(/http/);
  });
});
