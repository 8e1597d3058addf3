import type { Recipe } from '../../../shared/import/recipe';
import { recipeSentences } from '../../../shared/import/recipe';
import { isolated } from '../../../shared/text/bidi';
import styles from './RecipeSteps.module.css';

/**
 * The dataset's recipe in words: how its file was read, then every step from the file to these
 * columns with what it learned and changed ("Income: 24 blanks filled with the median, 51,381.5").
 * Models keep a copy and replay it on the raw files they are given to assign.
 */
export function RecipeSteps({ recipe }: { recipe: Recipe }) {
  // Names from the file are direction-isolated inside the sentences.
  const lines = recipeSentences(recipe, (text) => `“${isolated(text)}”`);
  return (
    <section aria-labelledby="recipe-heading" className="card">
      <h3 id="recipe-heading">From the file to these columns</h3>
      <p className="muted small">
        Every step the import took, with what it learned. Models trained here keep these steps and apply them, with the
        same values, to the raw files you assign.
      </p>
      <ol className={styles.recipeSteps} aria-label="Recipe steps">
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </section>
  );
}
