import type { ChartImage } from '@tradedesk/contracts';

/** A PNG as the contract carries it: base64 and a text alternative. */
export function toChartImage(png: Uint8Array, alt: string): ChartImage {
  return { pngBase64: Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64'), alt: alt.slice(0, 200) };
}
