/**
 * An error reduced to what is safe to log. discord.js errors carry the request URL, and interaction
 * URLs hold the interaction's token, so neither the URL nor the request body is kept.
 */
export function safeError(err: unknown): { name: string; message?: string; code?: unknown; status?: unknown } {
  if (!(err instanceof Error)) return { name: typeof err };
  const { code, status } = err as { code?: unknown; status?: unknown };
  const fromDiscord = 'url' in err || 'requestBody' in err;
  return { name: err.name, ...(fromDiscord ? {} : { message: err.message }), ...(code !== undefined ? { code } : {}), ...(status !== undefined ? { status } : {}) };
}
