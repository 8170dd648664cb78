import type { TextSegment } from '../../../core/catalog/search-text';

/** Text with the words that matched the search marked (<mark>); the segments come from the API. */
export function Highlighted({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <mark key={i} className="bk-mark">
            {s.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
