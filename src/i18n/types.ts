/** A catalogue entry: a sentence, or its singular and plural forms (chosen by `count`). */
export type Message = string | { readonly one: string; readonly other: string };

/** Another language's catalogue must have exactly the English keys (tsc checks it). */
export type Catalogue<K extends string> = Readonly<Record<K, Message>>;
