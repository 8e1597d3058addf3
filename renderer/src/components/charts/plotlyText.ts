import { isolated } from '../../../../shared/text/bidi';

/**
 * Text from the data or the user (segment names, column names, customer ids) as Plotly must get
 * it: Plotly reads a subset of HTML in labels (<b>, <br>, <a href>, entities), so a name like
 * `<b>VIP</b>` would turn bold and lose its tags. Escaped, it shows literally; direction-isolated (see
 * shared/text/bidi.ts), a right-to-left name cannot reorder the label around it.
 */
export const plain = (text: string): string =>
  isolated(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
