// What Node's HTTP server refuses before a request reaches the app: a request line or headers
// longer than its limit (16 KB by default, usually a long query string), a request it cannot parse
// as HTTP, one too slow to arrive. Node answers those with a bare status line; here they are
// problem details with a request id, like every other error.
import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { HttpProblem } from './problem.js';

function problemOf(code: string | undefined): HttpProblem {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new HttpProblem(
      'headers_too_large',
      `The request line and headers are longer than the ${maxHeaderSize} bytes the server reads; a long query string is the usual cause`,
    );
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new HttpProblem('request_timeout', 'The request did not arrive in time');
  return new HttpProblem('bad_request', 'The request is not well-formed HTTP');
}

/** The server's `clientError` listener: answers with a problem and closes the connection. */
export function answerClientError(logger: Logger) {
  return (err: Error & { code?: string }, socket: Duplex): void => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemOf(err.code);
    const requestId = randomUUID();
    logger.info({ requestId, code: err.code, status: problem.status }, 'request refused before it was read');
    // No request was read, so there is no path to name as the instance.
    const body = JSON.stringify(problem.toBody('', requestId));
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}`,
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Request-Id: ${requestId}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  };
}
