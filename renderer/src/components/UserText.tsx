import { visibleBidi } from '../../../shared/text/bidi';

/**
 * Text from the user or a data file (a segment, dataset, model or column name, a category):
 * shown literally and direction-isolated — in a <bdi>, so a right-to-left name neither reorders
 * nor is reordered by the words around it, with any bidi override shown as a visible mark.
 */
export function UserText({ children }: { children: string }) {
  return <bdi>{visibleBidi(children)}</bdi>;
}
