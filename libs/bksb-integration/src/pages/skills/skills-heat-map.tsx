import type { VNode } from 'preact';
import { SKILL_BUCKET_LABELS } from '../../labels/bksb-labels';
import { SKILL_BUCKETS } from '../../rules/skill-gaps';
import { ComponentCounts } from '../../views/bksb-skills.service';

// The drawing's own units; the SVG scales to its box.
const LABEL_WIDTH = 250;
const CELL_WIDTH = 44;
const CELL_HEIGHT = 30;
const HEADER = 34;
const LABEL_CHARACTERS = 38;
const COLUMNS = [...SKILL_BUCKETS.map((bucket) => ({ key: bucket, label: SKILL_BUCKET_LABELS[bucket].replace('Below Entry 1', 'Below E1').replace('Entry ', 'E').replace('Level ', 'L') })), { key: 'gaps', label: 'Gaps' }];

const short = (name: string) => (name.length > LABEL_CHARACTERS ? `${name.slice(0, LABEL_CHARACTERS - 1)}…` : name);

/** A cell's colours: the more people, the darker (presentation attributes, allowed by the CSP); gaps in red. */
function shade(count: number, most: number, gaps: boolean): { fill: string; opacity: number; text: string } {
  if (count === 0) return { fill: '#f3f2f1', opacity: 1, text: '#505a5f' };
  const share = count / most;
  return { fill: gaps ? '#d4351c' : '#1d70b8', opacity: 0.15 + 0.85 * share, text: share > 0.55 ? '#ffffff' : '#0b0c0c' };
}

/**
 * The heat map of the cohort's skills, drawn on the server: components down, levels
 * across, each cell's shade its share of the largest count, gaps last in red. It is for
 * the eye only (hidden from assistive technology): the table beside it holds the same
 * figures, and its numbers are the links.
 */
export function SkillsHeatMap({ components }: { components: ComponentCounts[] }): VNode {
  const most = Math.max(1, ...components.flatMap((component) => [...Object.values(component.counts), component.gaps]));
  const width = LABEL_WIDTH + CELL_WIDTH * COLUMNS.length;
  const height = HEADER + CELL_HEIGHT * components.length;
  return (
    <svg class="skills-heat-map" viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      {COLUMNS.map((column, index) => (
        <text key={column.key} x={LABEL_WIDTH + CELL_WIDTH * index + CELL_WIDTH / 2} y={HEADER - 10} text-anchor="middle" font-size="12" fill="#0b0c0c">
          {column.label}
        </text>
      ))}
      {components.map((component, row) => {
        const y = HEADER + CELL_HEIGHT * row;
        return (
          <g key={component.name}>
            <text x={LABEL_WIDTH - 8} y={y + CELL_HEIGHT / 2 + 4} text-anchor="end" font-size="12" fill="#0b0c0c">
              {short(component.name)}
            </text>
            {COLUMNS.map((column, index) => {
              const count = column.key === 'gaps' ? component.gaps : component.counts[column.key as keyof ComponentCounts['counts']];
              const colour = shade(count, most, column.key === 'gaps');
              const x = LABEL_WIDTH + CELL_WIDTH * index;
              return (
                <g key={column.key}>
                  <rect x={x + 1} y={y + 1} width={CELL_WIDTH - 2} height={CELL_HEIGHT - 2} fill={colour.fill} fill-opacity={colour.opacity} />
                  <text x={x + CELL_WIDTH / 2} y={y + CELL_HEIGHT / 2 + 4} text-anchor="middle" font-size="12" fill={colour.text}>
                    {String(count)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
