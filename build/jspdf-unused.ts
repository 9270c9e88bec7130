/**
 * Stands in, in the Lambda bundles only (see build/lambda-bundling.ts), for the packages jsPDF loads
 * for what the statement's PDF (functions/portal/statement-pdf.ts) never does: rendering HTML
 * (`html2canvas`, `dompurify`), SVG (`canvg`) and PNG images (`fast-png`). jsPDF requires them only
 * when one of those is asked for; here that fails plainly instead of carrying about 500 KiB.
 */
const unused = (name: string) => () => {
  throw new Error(`${name} is not bundled: the statement's PDF draws text and lines only`);
};
export default unused('An optional jsPDF dependency');
export const decode = unused('fast-png');
export const encode = unused('fast-png');
