import { SandboxState } from '../state/sandbox-state';
import { SandboxReply } from './sandbox-reply';

/** What an endpoint handler gets from the request. */
export interface BksbRequest {
  /** The parts captured from the path, e.g. the userId. */
  params: string[];
  query: URLSearchParams;
  body: string;
  contentType: string | undefined;
  /** `http://host:port` as the client reached the sandbox. */
  origin: string;
}

export type EndpointHandler = (state: SandboxState, request: BksbRequest) => SandboxReply;
