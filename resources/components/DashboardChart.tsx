import React from 'react';
import { Box, H4, Text } from '@adminjs/design-system';

/**
 * A bar chart per day in plain SVG (no chart library): one group of bars per day, a labelled
 * y axis (0, half, max) and x axis (first, middle, last day), each bar titled with its value, and
 * the numbers also as a table for reading and copying.
 */
export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

interface Props {
  title: string;
  days: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  testId: string;
}

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 72;
const BOTTOM = 24;
const TOP = 8;

const DashboardChart: React.FC<Props> = ({ title, days, series, format, testId }) => {
  // Values are integers (counts, cents): integer ticks, without the duplicates rounding would make.
  const max = Math.ceil(Math.max(1, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - BOTTOM - TOP;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(1, (slot * 0.8) / Math.max(series.length, 1));
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const xLabels = [0, Math.floor((days.length - 1) / 2), days.length - 1].filter((i, k, all) => i >= 0 && all.indexOf(i) === k);
  return (
    <Box variant="white" mr="lg" mb="lg" p="lg" data-testid={testId} style={{ minWidth: 320, flex: '1 1 45%' }}>
      <H4>{title}</H4>
      <Box flex flexDirection="row" mb="sm">
        {series.map((s) => (
          <Text key={s.label} mr="lg" fontSize="sm">
            <span style={{ display: 'inline-block', width: 10, height: 10, background: s.color, marginRight: 4 }} />
            {s.label}: {format(s.values.reduce((a, b) => a + b, 0))}
          </Text>
        ))}
      </Box>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={LEFT} x2={WIDTH - 8} y1={y(t)} y2={y(t)} stroke="#e3e6eb" />
            <text x={LEFT - 6} y={y(t) + 4} fontSize="13" textAnchor="end" fill="#454655">
              {format(t)}
            </text>
          </g>
        ))}
        {days.map((day, i) =>
          series.map((s, j) => {
            const v = s.values[i] ?? 0;
            return (
              <rect
                key={`${day}-${s.label}`}
                x={LEFT + i * slot + slot * 0.1 + j * barW}
                y={y(v)}
                width={barW}
                height={TOP + plotH - y(v)}
                fill={s.color}
              >
                <title>{`${day} ${s.label}: ${format(v)}`}</title>
              </rect>
            );
          }),
        )}
        <line x1={LEFT} x2={WIDTH - 8} y1={TOP + plotH} y2={TOP + plotH} stroke="#898a9a" />
        {xLabels.map((i, k) => (
          <text
            key={i}
            x={LEFT + i * slot + slot / 2}
            y={HEIGHT - 6}
            fontSize="13"
            textAnchor={k === 0 ? 'start' : k === xLabels.length - 1 ? 'end' : 'middle'}
            fill="#454655"
          >
            {days[i]}
          </text>
        ))}
      </svg>
      <details>
        <summary>The numbers</summary>
        <table style={{ fontSize: 12, borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>Day</th>
              {series.map((s) => (
                <th key={s.label} style={{ textAlign: 'right', paddingRight: 12 }}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <td style={{ paddingRight: 12 }}>{day}</td>
                {series.map((s) => (
                  <td key={s.label} style={{ textAlign: 'right', paddingRight: 12 }}>
                    {format(s.values[i] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Box>
  );
};

export default DashboardChart;
