import { parseRichText, type Span } from '../../../shared/report/richText';
import { visibleBidi } from '../../../shared/text/bidi';
import styles from './RichText.module.css';

function Spans({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((span, i) =>
        span.bold ? <strong key={i}>{visibleBidi(span.text)}</strong> : <span key={i}>{visibleBidi(span.text)}</span>,
      )}
    </>
  );
}

/**
 * A strategy or description with its simple formatting, rendered as text (never as HTML); each
 * paragraph and item laid out in its own direction (see RichText.module.css), bidi overrides shown.
 */
export function RichText({ text, className }: { text: string; className?: string }) {
  const blocks = parseRichText(text);
  return (
    <div className={className ? `${styles.richText} ${className}` : styles.richText}>
      {blocks.map((block, i) =>
        block.kind === 'list' ? (
          <ul key={i}>
            {block.items.map((item, j) => (
              <li key={j}>
                <Spans spans={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            {block.lines.map((line, j) => (
              <span key={j}>
                {j > 0 && <br />}
                <Spans spans={line} />
              </span>
            ))}
          </p>
        ),
      )}
    </div>
  );
}
