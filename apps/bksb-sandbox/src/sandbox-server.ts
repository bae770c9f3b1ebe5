import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { textReply } from './api/sandbox-reply';
import { CONTROL_PREFIX, answerControl } from './control/control-api';
import { autologinPage } from './http/autologin-page';
import { serveBksbApi } from './http/bksb-api-pipeline';
import { readBody, requestOrigin, sendReply } from './http/http-io';
import { SandboxControls } from './sandbox-controls';
import { BksbSandboxOptions } from './sandbox-options';
import { SandboxState } from './state/sandbox-state';

/** A running sandbox: its address, its control functions, and close(). */
export class BksbSandbox extends SandboxControls {
  private closing: Promise<void> | undefined;

  constructor(
    state: SandboxState,
    private readonly server: Server,
    /** `http://127.0.0.1:41234`, without `/api`: clients append `/api/...`. */
    readonly url: string,
  ) {
    super(state);
  }

  /** Stops listening and drops every connection, hanging and trickling ones included. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.state.timers.clearAll();
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
    return this.closing;
  }
}

function urlHost(address: AddressInfo): string {
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

async function dispatch(
  state: SandboxState,
  controls: SandboxControls,
  sandboxUrl: () => string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const origin = requestOrigin(request, sandboxUrl());
  const path = url.pathname.toLowerCase();
  if (path === '/api' || path.startsWith('/api/')) {
    await serveBksbApi(state, request, response, url, origin);
    return;
  }
  if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    const answer = answerControl(controls, request.method ?? 'GET', url, await readBody(request), sandboxUrl());
    sendReply(response, { status: answer.status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(answer.body) });
    return;
  }
  if (url.pathname.startsWith('/autologin/')) {
    sendReply(response, autologinPage(state, url.pathname));
    return;
  }
  if (url.pathname === '/') {
    sendReply(response, textReply(200, `bksb sandbox. The API is under ${origin}/api/, its controls under ${origin}${CONTROL_PREFIX}.`));
    return;
  }
  sendReply(response, textReply(404, `Nothing here: the API is under /api/ and the controls under ${CONTROL_PREFIX}/.`));
}

/**
 * Starts a bksb sandbox on `host:port` (default 127.0.0.1 and a free port) and resolves
 * once it listens.
 */
export async function startBksbSandbox(options: BksbSandboxOptions = {}): Promise<BksbSandbox> {
  const state = new SandboxState(options);
  // The control routes work on the same state as the returned sandbox's functions.
  const controls = new SandboxControls(state);
  let address = '';
  const server = createServer({ noDelay: true }, (request, response) => {
    dispatch(state, controls, () => address, request, response).catch(() => {
      if (!response.headersSent && !response.destroyed) sendReply(response, textReply(500, 'An error has occurred.'));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const info = server.address() as AddressInfo;
  address = `http://${urlHost(info)}:${info.port}`;
  return new BksbSandbox(state, server, address);
}
