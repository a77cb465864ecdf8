import type { ChatIdentity, Locale, SymbolInfo } from '@tradedesk/contracts';
import type { AutocompleteInteraction } from 'discord.js';
import type { InteractionDeps } from './interaction-deps.js';
import { identityOf, localeFromDiscord } from './interaction-identity.js';
import { shapeNamed } from './shapes.js';

/** Discord shows at most 25 suggestions, each name at most 100 characters. */
export const AUTOCOMPLETE_CHOICES_MAX = 25;
const CHOICE_NAME_CHARS_MAX = 100;

/** `삼성전자 005930`: the name in the person's language (Korean when there is no English one), then the code. */
export function symbolChoice(symbol: SymbolInfo, locale: Locale): { name: string; value: string } {
  const name = locale === 'en' && symbol.nameEn ? symbol.nameEn : symbol.nameKo;
  return { name: `${name} ${symbol.code}`.slice(0, CHOICE_NAME_CHARS_MAX), value: symbol.code };
}

function isSymbolOption(interaction: AutocompleteInteraction, optionName: string): boolean {
  const shape = shapeNamed(interaction.commandName);
  const sub = shape?.subcommands ? interaction.options.getSubcommand(false) : null;
  const options = sub ? shape?.subcommands?.find((s) => s.name === sub)?.options : shape?.options;
  return options?.some((o) => o.name === optionName && o.kind === 'symbol') ?? false;
}

/** Suggestions, or none when they take longer than the budget (an answer after 3 s is dropped). */
async function timeBoxed(deps: InteractionDeps, identity: ChatIdentity, query: string): Promise<SymbolInfo[]> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      deps.handlers.suggestSymbols(identity, query, AUTOCOMPLETE_CHOICES_MAX).catch(() => []),
      deps.sleep(deps.autocompleteBudgetMs, timer.signal).then(() => [], () => []),
    ]);
  } finally {
    timer.abort();
  }
}

/** Autocomplete on a symbol option: up to 25 matching symbols. Other options get no suggestions. */
export async function onAutocomplete(deps: InteractionDeps, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (!isSymbolOption(interaction, focused.name)) {
    await interaction.respond([]);
    return;
  }
  const locale = localeFromDiscord(interaction.locale) ?? deps.defaultLocale;
  // Only the person sees the suggestions, so the identity counts as private.
  const symbols = await timeBoxed(deps, identityOf(interaction, true), String(focused.value).trim());
  await interaction.respond(symbols.slice(0, AUTOCOMPLETE_CHOICES_MAX).map((s) => symbolChoice(s, locale)));
}
