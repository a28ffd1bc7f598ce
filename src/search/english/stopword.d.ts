/** The one list of the `stopword` package used here (it ships no typings). */
declare module 'stopword' {
  export const eng: string[]
}
