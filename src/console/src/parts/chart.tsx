// Charts drawn by uPlot: bars for one value per category (ASR per FireBrick, top numbers) and bars
// over time (legs per hour). uPlot draws on a canvas; this only hands it the data and the axes.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The series colours; the console test looks for the first one's pixels on the canvas. */
export const SERIES_COLOURS = ['#2f6fb3', '#e0892b'] as const;

export interface BarSeries {
  readonly label: string;
  readonly values: readonly number[];
}

const bars = uPlot.paths.bars!;

function series(s: readonly BarSeries[], size: number): uPlot.Series[] {
  return [
    {},
    ...s.map((one, i) => ({
      label: one.label,
      fill: SERIES_COLOURS[i % SERIES_COLOURS.length],
      stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
      width: 0,
      paths: bars({ size: [size / s.length, 60], align: (s.length === 1 ? 0 : i === 0 ? -1 : 1) as -1 | 0 | 1 }),
      points: { show: false },
    })),
  ];
}

function Plot({ title, signature, make }: { title: string; /** Redraws when it changes: the data, as JSON. */ signature: string; make: (width: number) => { opts: Omit<uPlot.Options, 'width' | 'height' | 'title'>; data: uPlot.AlignedData } }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // The box's inner width (less its padding), so the canvas never spills over its frame.
    const pad = parseFloat(getComputedStyle(el).paddingLeft) + parseFloat(getComputedStyle(el).paddingRight);
    const width = Math.max(280, Math.min((el.clientWidth || 480) - pad, 640));
    const { opts, data } = make(width);
    const plot = new uPlot({ ...opts, title, width, height: 220 }, data, el);
    return () => plot.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature, title]);
  return <div class="chart" ref={box} data-chart={title} />;
}

/** One bar per category (its label on the x axis), one colour per series. */
export function CategoryBars({ title, categories, series: s, unit }: { title: string; categories: readonly string[]; series: readonly BarSeries[]; unit: string }) {
  const make = () => ({
    data: [categories.map((_, i) => i), ...s.map((one) => [...one.values])] as uPlot.AlignedData,
    opts: {
      scales: { x: { time: false, range: [-0.5, categories.length - 0.5] as uPlot.Range.MinMax }, y: { range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { splits: () => categories.map((_, i) => i), values: (_u: uPlot, splits: number[]) => splits.map((i) => categories[i] ?? '') },
        { label: unit, size: 60 },
      ],
      series: series(s, 0.7),
      legend: { show: s.length > 1 },
      cursor: { show: false },
    },
  });
  return <Plot title={title} signature={JSON.stringify([categories, s])} make={make} />;
}

/** Bars over time: one per hour, `x` the hours' starts (ISO). */
export function HourBars({ title, hours, series: s }: { title: string; hours: readonly string[]; series: readonly BarSeries[] }) {
  const make = () => {
    const xs = hours.map((h) => new Date(h).getTime() / 1000);
    const first = xs[0] ?? Date.now() / 1000;
    const last = xs[xs.length - 1] ?? first;
    return {
      data: [xs, ...s.map((one) => [...one.values])] as uPlot.AlignedData,
      opts: {
        scales: { x: { time: true, range: [first - 1800, last + 1800] as uPlot.Range.MinMax }, y: { range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max > 0 ? Math.ceil(max * 1.1) : 1] } },
        axes: [{}, { label: 'legs', size: 50 }],
        series: series(s, 0.8),
        legend: { show: true, live: false },
      },
    };
  };
  return <Plot title={title} signature={JSON.stringify([hours, s])} make={make} />;
}
