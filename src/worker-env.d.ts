/** Wrangler bundles `.txt` files as Text modules (its default rules): the import is the file's contents. */
declare module '*.txt' {
  const text: string
  export default text
}
