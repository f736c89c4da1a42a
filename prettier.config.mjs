// @ts-check
/**
 * The style the code was written in. 160 columns: of the widths tried (120–220), it is the
 * narrowest that leaves about as few files to reformat as any wider one.
 * @type {import('prettier').Config}
 */
export default {
  printWidth: 160,
  singleQuote: true,
  trailingComma: 'all',
};
