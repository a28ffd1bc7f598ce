/** The site icon: a red tile with a white quotation mark (the service quotes its sources). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b33"/>' +
  '<path d="M8 9h7v7l-3 7H9l2-7H8zM18 9h7v7l-3 7h-3l2-7h-3z" fill="#fff"/></svg>'
