import { Port } from './port';

class GreetingPort extends Port<{ greet(): string }> {}

describe('Port', () => {
  it("answers with the owner's implementation once bound", () => {
    const port = new GreetingPort();
    port.bind({ greet: () => 'hello' });
    expect(port.owner.greet()).toBe('hello');
  });

  it('fails at once, naming the port, when no module binds it', () => {
    expect(() => new GreetingPort().owner).toThrow('GreetingPort: no module implements it');
  });
});
