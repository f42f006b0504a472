import { h, type FunctionalComponent, type VNode } from 'vue';
import type { Level } from '../../../shared/types';
import { isPlainLogText } from '../../composables/ansi';
import { hostColour } from '../../composables/host-colour';
import { messageBody } from '../../composables/message-body';
import type { FilterField } from '../../composables/query-text';
import type { NumberedRow } from '../../stores/stream';
import LogText from './LogText.vue';
import './stream-row.css';
import { formatTime } from './time-format';

/** Characters of a message drawn in a row; the context view shows the whole line. */
const ROW_CHARS = 2000;
/** Lines longer than this are likely cut by the row's width: offer to show them whole. */
const LONG_LINE = 160;

const MARKER_LABELS = { gap: 'Gap', reconnect: 'Reconnected', eviction: 'Evicted', rotation: 'Rotated' };

export interface StreamRowProps {
  row: NumberedRow;
  utc: boolean;
  selected: boolean;
  cursor: boolean;
  match: boolean;
  bookmarked: boolean;
  note?: string;
  highlight: RegExp | null;
  /** Under the pointer: its action buttons are drawn (other rows leave them out, to stay light). */
  hovered: boolean;
}

type StreamRowEvents = {
  openLink: (href: string) => void;
  context: () => void;
  bookmark: () => void;
};

/** A filter cell's field; clicks on rows and cells are handled once, by the list (see filterCellOf). */
const FILTER_FIELD = 'data-filter-field';

/** The filter cell an event happened in, if any: its field and the value it shows. */
export function filterCellOf(target: Element): { field: FilterField; value: string } | null {
  const cell = target.closest(`[${FILTER_FIELD}]`);
  if (cell === null) return null;
  return { field: cell.getAttribute(FILTER_FIELD) as FilterField, value: cell.textContent ?? '' };
}

/**
 * One line of the merged stream. A functional component: a row holds no state of its own, and every
 * scroll frame draws a few. The list re-draws a row only when its inputs change (v-memo). A row has no
 * listeners of its own (the list's delegated ones find the row and the filter cell clicked) and its
 * filter cells are spans, not buttons (form controls, which the browser does more for as they come and
 * go; from the keyboard, h filters by host). Log text is never HTML: plain messages are text nodes, the
 * rest goes through LogText's safe pieces.
 */
export const StreamRow: FunctionalComponent<StreamRowProps, StreamRowEvents> = (props, { emit }) => {
  const { row } = props;
  const level: Level | null = row.level ?? null;
  const long = row.message.length > ROW_CHARS;
  return h(
    'div',
    {
      class: [
        'stream-row',
        level ?? 'none',
        {
          marker: !!row.marker,
          selected: props.selected,
          cursor: props.cursor,
          match: props.match,
          bookmarked: props.bookmarked,
          long,
        },
      ],
      'data-testid': 'stream-row',
      'data-host': row.host,
      'data-level': level ?? '',
      'data-marker': row.marker,
      'data-number': row.number,
      'aria-selected': props.selected,
      role: 'row',
    },
    cells(props, row, level, long, emit),
  );
};

StreamRow.props = ['row', 'utc', 'selected', 'cursor', 'match', 'bookmarked', 'note', 'highlight', 'hovered'];
StreamRow.emits = ['openLink', 'context', 'bookmark'];

/** A click handler that keeps the click from also selecting the row. */
function stop(run: () => void): (event: Event) => void {
  return (event) => {
    event.stopPropagation();
    run();
  };
}

type Emit = <E extends keyof StreamRowEvents>(event: E, ...args: Parameters<StreamRowEvents[E]>) => void;

function cells(
  props: StreamRowProps,
  row: NumberedRow,
  level: Level | null,
  long: boolean,
  emit: Emit,
): VNode[] {
  const time = h(
    'span',
    { class: 'time', title: new Date(row.ts).toISOString() },
    formatTime(row.ts, props.utc),
  );
  const filterCell = (field: FilterField, value: string, className: string, style?: { color: string }) =>
    h(
      'span',
      { class: ['cell', className], style, title: `Show only ${value}`, [FILTER_FIELD]: field },
      value,
    );
  const host = filterCell('host', row.host, 'host', { color: hostColour(row.host) });
  if (row.marker) {
    return [
      time,
      host,
      h('span', { class: ['marker-band', `marker-${row.marker}`] }, [
        h('span', { class: 'marker-kind' }, MARKER_LABELS[row.marker]),
        h(LogText, { text: row.message, maxChars: ROW_CHARS }),
        h('span', { class: 'marker-source' }, row.source),
      ]),
    ];
  }
  const body = messageBody(row.message, row.level);
  const text =
    !props.highlight && isPlainLogText(body, ROW_CHARS)
      ? body
      : h(LogText, {
          text: body,
          maxChars: ROW_CHARS,
          highlight: props.highlight,
          onOpenLink: (href: string) => emit('openLink', href),
        });
  const out = [
    time,
    host,
    filterCell('app', row.app, 'app'),
    level ? filterCell('level', level, 'level') : h('span', { class: 'level' }),
    h('span', { class: 'message' }, [
      text,
      props.note ? h('span', { class: 'note', title: props.note }, `✎ ${props.note}`) : null,
    ]),
  ];
  if (props.hovered || props.selected || props.bookmarked || long) out.push(actions(props, row, emit));
  return out;
}

function actions(props: StreamRowProps, row: NumberedRow, emit: Emit): VNode {
  return h('span', { class: 'actions' }, [
    row.message.length > LONG_LINE
      ? h(
          'button',
          {
            class: 'action',
            title: 'Show the whole line',
            'data-testid': 'expand-line',
            onClick: stop(() => emit('context')),
          },
          '⤢',
        )
      : null,
    h(
      'button',
      {
        class: ['action', { on: props.bookmarked }],
        title: props.bookmarked ? 'Remove bookmark' : 'Bookmark this line',
        'data-testid': 'bookmark',
        onClick: stop(() => emit('bookmark')),
      },
      props.bookmarked ? '★' : '☆',
    ),
    h(
      'button',
      {
        class: 'action',
        title: 'Lines around this one (c)',
        'data-testid': 'open-context',
        onClick: stop(() => emit('context')),
      },
      '⋯',
    ),
  ]);
}
