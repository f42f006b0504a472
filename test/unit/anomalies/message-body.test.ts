import { describe, expect, it } from 'vitest';
import { messageBody } from '../../../src/engine/anomalies/message-body';

describe('message body of an error line', () => {
  it('drops timestamp, level and logger', () => {
    expect(messageBody('2024-03-01T12:00:00.123Z ERROR checkout[web-1] payment gateway returned 503')).toBe(
      'payment gateway returned 503',
    );
    expect(messageBody('Mar  1 12:00:00 web-1 shop[812]: error: disk full on /var')).toBe(
      'disk full on /var',
    );
    expect(messageBody('2024-03-01 12:00:00,123 [worker-3] ERROR com.shop.Cart: null cart id')).toBe(
      'null cart id',
    );
    expect(messageBody('[2024-03-01 12:00:00] [error] [client 10.0.0.1] File does not exist')).toBe(
      'File does not exist',
    );
  });

  it('keeps lines without a level word near the start whole', () => {
    const access = '10.0.0.1 - - [01/Mar/2024:12:00:00 +0000] "GET /cart HTTP/1.1" 503 17';
    expect(messageBody(access)).toBe(access);
    expect(messageBody('ERROR')).toBe('ERROR');
  });
});
