/**
 * Server-rendered charts for the monitoring pages: inline SVG, no scripts, readable without
 * colour (every cell and bar carries its number as text) and with a text alternative.
 */
import type { Child } from "hono/jsx";
import { formatViPercent } from "../../domain/numbers";

/** An inline chart: an SVG image named by its title, described in words by `desc`. */
function ChartFrame(props: {
  kind: string;
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  children?: Child;
}) {
  return (
    <svg
      class={props.kind}
      role="img"
      aria-labelledby={`${props.id}-t ${props.id}-d`}
      viewBox={`0 0 ${props.width} ${props.height}`}
      width={props.width}
      height={props.height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-t`}>{props.title}</title>
      <desc id={`${props.id}-d`}>{props.desc}</desc>
      {props.children}
    </svg>
  );
}

export interface HeatBand {
  min: number;
  fill: string;
  text: string;
  label: string;
}

/** Colour bands of the reporting rate; text colours keep at least 4.5:1 contrast on the fill. */
export const HEAT_BANDS: HeatBand[] = [
  { min: 90, fill: "#1a7f37", text: "#ffffff", label: "Từ 90% trở lên" },
  { min: 75, fill: "#4ac26b", text: "#000000", label: "Từ 75% đến dưới 90%" },
  { min: 50, fill: "#f2cc60", text: "#000000", label: "Từ 50% đến dưới 75%" },
  { min: 0, fill: "#cf222e", text: "#ffffff", label: "Dưới 50%" },
];
const NO_DATA = { fill: "#eaeef2", text: "#1b1f24", label: "Không phải báo cáo" };

export function bandOf(rate: number | null): { fill: string; text: string } {
  if (rate === null) return NO_DATA;
  return HEAT_BANDS.find((b) => rate >= b.min) ?? NO_DATA;
}

export interface HeatMapProps {
  id: string;
  title: string;
  rows: { label: string; cells: (number | null)[] }[];
  columns: string[];
}

const ROW_H = 28;
const LABEL_W = 230;
const CELL_W = 92;
const HEAD_H = 34;

function clip(text: string, max = 32): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Organisations × periods: each cell coloured by its reporting rate and labelled with it. */
export function HeatMap(props: HeatMapProps) {
  const width = LABEL_W + CELL_W * props.columns.length + 8;
  const legendY = HEAD_H + ROW_H * props.rows.length + 16;
  const height = legendY + 28 * Math.ceil((HEAT_BANDS.length + 1) / 2) + 8;
  const desc = props.rows
    .map(
      (r) => `${r.label}: ${r.cells.map((v, i) => `${props.columns[i]} ${formatViPercent(v)}`).join(", ")}`,
    )
    .join("; ");
  return (
    <ChartFrame kind="heatmap" id={props.id} title={props.title} desc={desc} width={width} height={height}>
      {props.columns.map((col, i) => (
        <text
          x={LABEL_W + CELL_W * i + CELL_W / 2}
          y={HEAD_H - 12}
          text-anchor="middle"
          font-size="13"
          fill="#1b1f24"
        >
          {clip(col, 14)}
        </text>
      ))}
      {props.rows.map((row, r) => {
        const y = HEAD_H + ROW_H * r;
        return (
          <g>
            <text x={4} y={y + ROW_H / 2 + 5} font-size="13" fill="#1b1f24">
              {clip(row.label)}
            </text>
            {row.cells.map((v, i) => {
              const band = bandOf(v);
              const x = LABEL_W + CELL_W * i;
              return (
                <g>
                  <rect x={x + 1} y={y + 1} width={CELL_W - 2} height={ROW_H - 2} fill={band.fill} rx="3" />
                  <text
                    x={x + CELL_W / 2}
                    y={y + ROW_H / 2 + 5}
                    text-anchor="middle"
                    font-size="13"
                    fill={band.text}
                  >
                    {formatViPercent(v, 0)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      {[...HEAT_BANDS, NO_DATA].map((b, i) => {
        const x = 4 + (i % 2) * 260;
        const y = legendY + Math.floor(i / 2) * 28;
        return (
          <g>
            <rect x={x} y={y} width="18" height="18" fill={b.fill} stroke="#57606a" stroke-width="1" />
            <text x={x + 26} y={y + 14} font-size="13" fill="#1b1f24">
              {b.label}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

export interface ProgressBar {
  label: string;
  value: number | null;
  kind: "baseline" | "actual";
}

/**
 * Coverage against the targets: one bar per period (and the baseline), horizontal lines for
 * the targets, every bar and line labelled. The axis runs from `min`% to 100%.
 */
export function ProgressChart(props: {
  id: string;
  title: string;
  bars: ProgressBar[];
  targets: { label: string; value: number }[];
  min?: number;
}) {
  const min = props.min ?? 90;
  const max = 100;
  const plotH = 200;
  const top = 24;
  const left = 44;
  const barW = 70;
  const gap = 26;
  const width = Math.max(420, left + (barW + gap) * props.bars.length + 190);
  const height = top + plotH + 56;
  const yOf = (v: number) => top + plotH - ((Math.min(max, Math.max(min, v)) - min) / (max - min)) * plotH;
  const desc = [
    ...props.bars.map((b) => `${b.label}: ${formatViPercent(b.value, 2)}`),
    ...props.targets.map((t) => `${t.label}: ${formatViPercent(t.value, 0)}`),
  ].join("; ");
  return (
    <ChartFrame kind="chart" id={props.id} title={props.title} desc={desc} width={width} height={height}>
      {[min, (min + max) / 2, max].map((v) => (
        <g>
          <line x1={left} x2={width - 8} y1={yOf(v)} y2={yOf(v)} stroke="#d0d7de" stroke-width="1" />
          <text x={left - 6} y={yOf(v) + 4} text-anchor="end" font-size="12" fill="#1b1f24">
            {formatViPercent(v, 0)}
          </text>
        </g>
      ))}
      {props.bars.map((b, i) => {
        const x = left + gap / 2 + (barW + gap) * i;
        const y = b.value === null ? top + plotH : yOf(b.value);
        return (
          <g>
            <rect
              x={x}
              y={y}
              width={barW}
              height={top + plotH - y}
              fill={b.kind === "baseline" ? "#8c959f" : "#0550ae"}
            />
            <text
              x={x + barW / 2}
              y={Math.max(top + 12, y - 6)}
              text-anchor="middle"
              font-size="13"
              fill="#1b1f24"
            >
              {formatViPercent(b.value, 2)}
            </text>
            <text x={x + barW / 2} y={top + plotH + 18} text-anchor="middle" font-size="12" fill="#1b1f24">
              {clip(b.label, 12)}
            </text>
          </g>
        );
      })}
      {props.targets.map((t) => (
        <g>
          <line
            x1={left}
            x2={width - 180}
            y1={yOf(t.value)}
            y2={yOf(t.value)}
            stroke="#b00020"
            stroke-width="2"
            stroke-dasharray="6 4"
          />
          <text x={width - 176} y={yOf(t.value) + 4} font-size="12" fill="#b00020">
            {t.label}
          </text>
        </g>
      ))}
      <text x={left} y={height - 8} font-size="12" fill="#57606a">
        Trục dọc bắt đầu từ {formatViPercent(min, 0)}
      </text>
    </ChartFrame>
  );
}
