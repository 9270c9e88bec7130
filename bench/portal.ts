/**
 * The portal as the integration tests drive it (copied from test/integration/debtor-actions.test.ts
 * and plans-and-hardship.test.ts, with their `expect`s turned into errors): a browser that opens an
 * action's form, takes its CSRF hidden field, and posts the form urlencoded without following the
 * redirect.
 */

/** Opens the action's form like a browser, then submits it with the given fields. */
export async function submit(
  accountLink: string,
  action: string,
  fields: Record<string, string>,
): Promise<Response> {
  const form = await fetch(`${accountLink}/${action}`);
  const html = await form.text();
  if (form.status !== 200) throw new Error(`GET ${action} form: ${form.status}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return fetch(`${accountLink}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
    redirect: 'manual',
  });
}

/** The confirmation page a 303 leads to; anything else is an error. */
export async function confirmation(response: Response): Promise<string> {
  if (response.status !== 303) {
    throw new Error(`POST ${new URL(response.url).pathname}: ${response.status}, expected 303`);
  }
  const page = await fetch(new URL(response.headers.get('location') ?? '', response.url));
  const html = await page.text();
  if (page.status !== 200) throw new Error(`confirmation page: ${page.status}`);
  return html;
}
