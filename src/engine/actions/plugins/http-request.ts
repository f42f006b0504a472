import http from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  body: string;
}

/** How a request failed without an HTTP answer: whether it may be sent again safely depends on which. */
export class HttpFailure extends Error {
  constructor(
    message: string,
    /** `network`: failed before any response (refused, reset, DNS); `uncertain`: no answer in time, or a broken answer: it may have been applied. */
    readonly kind: 'network' | 'uncertain',
  ) {
    super(message);
  }
}

const MAX_BODY = 64 * 1024;

/** One HTTP(S) request with a deadline for the whole exchange. */
export function httpRequest(
  url: URL,
  options: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = client.request(url, { method: options.method, headers: options.headers });
    const timer = setTimeout(() => {
      req.destroy(
        new HttpFailure(`no answer from ${url.origin} within ${options.timeoutMs} ms`, 'uncertain'),
      );
    }, options.timeoutMs);
    req.once('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk;
      });
      res.once('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.once('error', (err) => {
        clearTimeout(timer);
        reject(
          err instanceof HttpFailure ? err : new HttpFailure(`${url.origin}: ${err.message}`, 'uncertain'),
        );
      });
    });
    req.once('error', (err) => {
      clearTimeout(timer);
      if (err instanceof HttpFailure) reject(err);
      // After the answer began, a broken exchange is not "before a response": never retried.
      else reject(new HttpFailure(`${url.origin}: ${err.message}`, answered ? 'uncertain' : 'network'));
    });
    req.end(options.body);
  });
}
