/**
 * What a page shows of an article's comments: its thread, the form's state, the
 * count in its heading. A new, edited, deleted or moderated comment touches
 * only this (and never `article:<id>`, which every listing with the article's
 * card shows): a busy thread forgets one page, not the front page.
 */
export const commentsDep = (articleId: number) => `comments:${articleId}`;
