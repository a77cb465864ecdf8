import { LOCALES } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { COMMAND_SHAPES } from '../../src/commands/catalog.js';
import { COMMANDS, findCommand } from '../../src/commands/dispatch.js';
import { COMMAND_NAMES } from '../../src/commands/names.js';
import { DESCRIPTION_CHARS_MAX, describeCommand, describeOption, describeSubcommand, dict } from '../../src/i18n/index.js';

describe('the command catalog', () => {
  it('should have one shape and one definition per command name', () => {
    expect(COMMAND_SHAPES.map((s) => s.name).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(COMMANDS.map((c) => c.name).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('should read tokens in the order the shapes give them', () => {
    for (const shape of COMMAND_SHAPES) {
      const definition = findCommand(shape.name)!;
      expect(definition.params, shape.name).toEqual(shape.options.map((o) => o.name));
      const subs = Object.fromEntries((shape.subcommands ?? []).map((s) => [s.name, s.options.map((o) => o.name)]));
      expect(definition.subcommands ?? {}, shape.name).toEqual(subs);
    }
  });

  it.each(LOCALES)('should describe every command, subcommand and option within Discord\'s limit in %s', (locale) => {
    const texts: Array<[string, string]> = [];
    for (const shape of COMMAND_SHAPES) {
      texts.push([shape.name, describeCommand(locale, shape.name)]);
      for (const sub of shape.subcommands ?? []) {
        texts.push([`${shape.name} ${sub.name}`, describeSubcommand(locale, shape.name, sub.name)]);
        for (const option of sub.options) texts.push([`${shape.name} ${sub.name} ${option.name}`, describeOption(locale, option.name)]);
      }
      for (const option of shape.options) texts.push([`${shape.name} ${option.name}`, describeOption(locale, option.name)]);
    }
    for (const [what, text] of texts) {
      expect(text.trim().length, `${locale}: ${what}`).toBeGreaterThan(0);
      expect(text.length, `${locale}: ${what}`).toBeLessThanOrEqual(DESCRIPTION_CHARS_MAX);
    }
  });

  it('should describe no option or subcommand the catalog does not have', () => {
    const options = new Set(COMMAND_SHAPES.flatMap((s) => [...s.options, ...(s.subcommands ?? []).flatMap((sub) => sub.options)].map((o) => o.name)));
    for (const locale of LOCALES) {
      expect(new Set(Object.keys(dict(locale).options))).toEqual(options);
      const subs = Object.entries(dict(locale).subcommands).flatMap(([c, m]) => Object.keys(m).map((s) => `${c} ${s}`)).sort();
      expect(subs).toEqual(COMMAND_SHAPES.flatMap((s) => (s.subcommands ?? []).map((sub) => `${s.name} ${sub.name}`)).sort());
    }
    expect(describeOption('ko', 'no_such_option')).toBe('');
    expect(describeSubcommand('en', 'alert', 'frobnicate')).toBe('');
  });
});
