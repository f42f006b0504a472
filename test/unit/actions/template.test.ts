import { describe, expect, it } from 'vitest';
import { buildCommandLine } from '../../../src/engine/actions/plugins/ssh-plugin';
import { fillTemplate, templateValues } from '../../../src/engine/actions/template';

describe('action templates', () => {
  const values = templateValues('checkout', 2, 4);

  it('fills {app}, {from} and {to}, and keeps {key} until the action executes', () => {
    expect(fillTemplate('--app={app}', values)).toBe('--app=checkout');
    expect(fillTemplate('{from}->{to}', values)).toBe('2->4');
    expect(fillTemplate('--key={key}', values)).toBe('--key={key}');
    expect(fillTemplate('--key={key}', { ...values, key: 'k-1' })).toBe('--key=k-1');
    expect(fillTemplate('{from}', templateValues('a', null, 1))).toBe('');
  });

  it('refuses an unknown placeholder instead of passing it on', () => {
    expect(() => fillTemplate('{replica}', values)).toThrow('unknown placeholder {replica} in "{replica}"');
  });

  it('quotes every argument of a remote command, whatever a value holds', () => {
    const hostile = templateValues("x'; rm -rf / #", 2, 4);
    expect(buildCommandLine(['/usr/local/bin/scale', '{app}', '--to={to}'], hostile)).toBe(
      `'/usr/local/bin/scale' 'x'\\''; rm -rf / #' '--to=4'`,
    );
  });
});
