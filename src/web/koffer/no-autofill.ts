/**
 * The browser's form history ("Web Data") would keep what a clerk types — names, addresses,
 * institutions — in plaintext in the profile. The kit turns it off for every field it shows
 * (shared form components included), so nothing personal reaches the disk unencrypted.
 */
function harden(root: ParentNode) {
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLFormElement>(
    'form, input, textarea',
  )) {
    if (el instanceof HTMLInputElement && el.type === 'password') continue;
    if (el.getAttribute('autocomplete') !== 'off') el.setAttribute('autocomplete', 'off');
  }
}

export function disableFormHistory(root: HTMLElement = document.body): void {
  harden(root);
  new MutationObserver(() => harden(root)).observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['autocomplete'],
  });
}
