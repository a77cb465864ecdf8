/** A Korean brokerage account number as brokers print it: 8 digits, a dash, the 2-digit product code. */
export function normalizeAccountNumber(input: string): string {
  const digits = input.replace(/\D/g, '');
  if (digits.length !== 10) throw new Error('an account number has 10 digits');
  return `${digits.slice(0, 8)}-${digits.slice(8)}`;
}

/** What may be shown or stored in the clear: only the last 2 digits (the product code), e.g. `****-**01`. */
export function maskAccountNumber(accountNumber: string): string {
  return `****-**${normalizeAccountNumber(accountNumber).slice(-2)}`;
}
