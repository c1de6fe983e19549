// Embeds stay a plain link until the reader asks for the player; only then
// does the page contact the video host. Only the two players the site builds
// are ever framed, whatever the page's HTML says.
const PLAYER = /^https:\/\/(?:www\.youtube-nocookie\.com\/embed\/[\w-]{11}\?autoplay=1|player\.vimeo\.com\/video\/\d{1,20}\?dnt=1&autoplay=1)$/;
for (const box of document.querySelectorAll('.embed[data-embed-src]')) {
  if (!PLAYER.test(box.dataset.embedSrc)) continue;
  const provider = box.dataset.embedProvider || 'the video host';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'embed__play';
  button.textContent = `Play here (loads ${provider})`;
  button.addEventListener('click', () => {
    const frame = document.createElement('iframe');
    frame.src = box.dataset.embedSrc;
    frame.title = box.querySelector('.embed-title')?.textContent || `Video on ${provider}`;
    frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    frame.loading = 'lazy';
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    box.replaceChildren(frame);
    box.classList.add('embed--playing');
  });
  box.append(button);
}
