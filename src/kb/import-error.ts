/** A document that cannot be imported as given (unreadable CSV, no text at all); the caller's input is wrong. */
export class KbImportError extends Error {}
