import type { VNode } from 'preact';
import { LEVEL_BUCKETS, LevelBucket } from '../../rules/initial-levels';
import { BUCKET_LABELS } from '../../labels/bksb-labels';

/** One bar: its level, how many people, and where clicking it lists them (null when there is nobody). */
export interface ChartBar {
  bucket: LevelBucket;
  count: number;
  href: string | null;
  chosen: boolean;
}

// The drawing's own units; the SVG scales to its box.
const ROW = 26;
const BAR = 18;
const LABEL_WIDTH = 104;
const BAR_SPACE = 170;
const WIDTH = LABEL_WIDTH + BAR_SPACE + 40;

const barClass = (bar: ChartBar) => ['chart-bar', bar.bucket === 'none' ? 'chart-bar-none' : '', bar.chosen ? 'chart-bar-chosen' : ''].filter(Boolean).join(' ');

/**
 * A horizontal bar chart drawn on the server. It is for the eye and the mouse only
 * (hidden from assistive technology, its links out of the tab order): the table beside
 * it holds the same figures and links for everyone.
 */
export function LevelsChart({ bars }: { bars: ChartBar[] }): VNode {
  const most = Math.max(1, ...bars.map((bar) => bar.count));
  const height = ROW * LEVEL_BUCKETS.length;
  return (
    <svg class="levels-chart" viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} aria-hidden="true" focusable="false">
      {bars.map((bar, index) => {
        const y = index * ROW;
        const width = Math.round((bar.count / most) * BAR_SPACE);
        const drawing = (
          <>
            <text x={LABEL_WIDTH - 6} y={y + BAR - 4} text-anchor="end" class="chart-label">
              {BUCKET_LABELS[bar.bucket]}
            </text>
            <rect x={LABEL_WIDTH} y={y + 2} width={Math.max(width, 1)} height={BAR} class={barClass(bar)} />
            <text x={LABEL_WIDTH + Math.max(width, 1) + 5} y={y + BAR - 4} class="chart-count">
              {String(bar.count)}
            </text>
          </>
        );
        return bar.href ? (
          <a href={bar.href} tabIndex={-1} key={bar.bucket}>
            {drawing}
          </a>
        ) : (
          <g key={bar.bucket}>{drawing}</g>
        );
      })}
    </svg>
  );
}
