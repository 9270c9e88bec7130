import type { PhoneReply, PhoneText } from './types.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c] ?? c,
  );

/** Links in a text, clickable (each escaped; only http(s)). */
const withLinks = (body: string) =>
  escapeHtml(body).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

/** The phone's page: every conversation by number (texts and replies in order), and a reply box. */
export function phonePage(
  texts: readonly PhoneText[],
  replies: readonly PhoneReply[],
  number: string,
): string {
  const numbers = [...new Set([...texts.map((text) => text.to), ...replies.map((reply) => reply.from)])];
  const conversations = numbers
    .map((phone) => {
      const lines = [
        ...texts.filter((t) => t.to === phone).map((t) => ({ at: t.at, out: true, body: t.body })),
        ...replies.filter((r) => r.from === phone).map((r) => ({ at: r.at, out: false, body: r.body })),
      ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      return `<section aria-labelledby="n-${escapeHtml(phone)}">
  <h2 id="n-${escapeHtml(phone)}">${escapeHtml(phone)}</h2>
  <ol>${lines
    .map(
      (line) =>
        `<li class="${line.out ? 'in' : 'out'}"><small>${escapeHtml(line.at)} · ${line.out ? `from ${escapeHtml(number)}` : 'reply'}</small><p>${withLinks(line.body)}</p></li>`,
    )
    .join('')}</ol>
  <form method="post" action="reply" data-from="${escapeHtml(phone)}">
    <label for="r-${escapeHtml(phone)}">Reply as ${escapeHtml(phone)}</label>
    <input id="r-${escapeHtml(phone)}" name="body" required maxlength="1600">
    <button type="submit">Send</button>
  </form>
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local phone</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem}
ol{list-style:none;padding:0}li{margin:.5rem 0;padding:.5rem .75rem;border-radius:.75rem;max-width:85%}
li.in{background:#e8e8ee}li.out{background:#0b5cad;color:#fff;margin-left:auto}li.out a{color:#fff}
small{display:block;opacity:.8}p{margin:.25rem 0;white-space:pre-wrap}
</style></head>
<body><main><h1>Local phone</h1>
<p>Every text the stack sent (from ${escapeHtml(number)}), by number; a reply goes to the two-way channel.
JSON: <a href="messages">messages</a>.</p>
${conversations || '<p>No texts yet.</p>'}
</main>
<script>
for (const form of document.querySelectorAll('form[data-from]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = new FormData(form).get('body');
    const answer = await fetch('reply', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: form.dataset.from, body }) });
    if (!answer.ok) alert((await answer.json()).message);
    location.reload();
  });
}
</script></body></html>
`;
}
