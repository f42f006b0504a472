/** Values a command or argv template may name, e.g. `--replicas={to}`. */
export interface TemplateValues {
  app: string;
  /** Replicas before; empty when they could not be read. */
  from: string;
  to: string;
  /** The idempotency key; known only when the action executes. */
  key?: string;
}

const PLACEHOLDER = /\{([a-z]+)\}/g;
export const TEMPLATE_NAMES = ['app', 'from', 'to', 'key'] as const;

/**
 * Fills `{app}`, `{from}`, `{to}` and `{key}` into one template argument. `{key}` stays as written while
 * planning (the preview shows it); any other name is an error, so a typo never reaches a command.
 */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(TEMPLATE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown placeholder ${whole} in "${template}" (known: {app}, {from}, {to}, {key})`);
    }
    const value = values[name as keyof TemplateValues];
    return value === undefined ? whole : value;
  });
}

export function templateValues(app: string, from: number | null, to: number, key?: string): TemplateValues {
  return {
    app,
    from: from === null ? '' : String(from),
    to: String(to),
    ...(key === undefined ? {} : { key }),
  };
}
