// A local TCP listener on 127.0.0.1 whose connections are piped to streams opened elsewhere
// (a socket for LocalHost, an SSH direct-tcpip channel for SshHost).
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Forward } from './host';
import { validated, validatedPort } from './validate';

export async function listenForward(
  remoteHost: string,
  remotePort: number,
  open: () => Promise<Duplex>,
  onError: (error: unknown) => void = () => undefined,
): Promise<Forward> {
  validated('nodeName', remoteHost);
  validatedPort(remotePort);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.pause();
    open().then(
      (stream) => {
        socket.on('error', () => stream.destroy());
        stream.on('error', () => socket.destroy());
        socket.on('close', () => stream.destroy());
        stream.on('close', () => socket.destroy());
        socket.pipe(stream).pipe(socket);
        socket.resume();
      },
      (error: unknown) => {
        onError(error);
        socket.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    localPort: port,
    remoteHost,
    remotePort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
