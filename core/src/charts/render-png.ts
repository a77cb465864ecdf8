import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { CHART_PNG_BYTES_MAX } from '@tradedesk/contracts';
import * as echarts from 'echarts';

/**
 * Roboto from @expo-google-fonts/roboto (OFL), loaded from the package rather than the system, so
 * a container without fonts renders the same text. Charts hold only Latin text (codes, numbers,
 * dates); the Korean names go in the message around the image, so no CJK font (~10 MB) is needed.
 */
const FONT_FILE = createRequire(import.meta.url).resolve('@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf');
export const CHART_FONT_FAMILY = 'Roboto';

export interface ChartSize {
  widthPx: number;
  heightPx: number;
}

/**
 * An ECharts option rendered to PNG: ECharts' server-side SVG renderer (no DOM, no canvas), then
 * resvg (Rust, prebuilt per platform in its npm package; no system libraries) to rasterise it.
 * Throws when the PNG is over {@link CHART_PNG_BYTES_MAX}: a bounded payload, never a cut one.
 */
export function renderChartPng(option: echarts.EChartsCoreOption, size: ChartSize): Uint8Array {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.widthPx, height: size.heightPx });
  let svg: string;
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const png = new Resvg(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
  }).render().asPng();
  if (png.byteLength > CHART_PNG_BYTES_MAX) throw new Error(`chart PNG of ${png.byteLength} bytes is over ${CHART_PNG_BYTES_MAX}`);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
