/** What a page shows of a poll: its question and options (the form). A vote changes neither. */
export const pollDep = (id: number) => `poll:${id}`;
