import { createConnection, createServer, Server, Socket } from 'node:net';
import { freePort } from './processes';

/**
 * A TCP proxy in front of a dependency (PostgreSQL, or the API for a client) that a test can cut
 * and restore, to simulate an outage without disturbing anything else using the real server.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.restore();
    return proxy;
  }

  private responsesToDrop = 0;

  /**
   * The next `count` connections reach the target, but the first bytes it answers with close
   * the client's connection instead: the request was served, its response lost.
   */
  dropResponses(count: number): void {
    this.responsesToDrop = count;
  }

  /** Drops every connection and refuses new ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      if (this.responsesToDrop > 0) {
        this.responsesToDrop--;
        client.pipe(upstream);
        upstream.once('data', () => client.destroy());
      } else {
        client.pipe(upstream).pipe(client);
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }
}
