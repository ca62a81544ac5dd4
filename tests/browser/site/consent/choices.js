// The site's own privacy choices, wired to LeadScore's consent() and forget().
for (const [id, call] of [
  ['accept', () => LeadScore.consent(true)],
  ['decline', () => LeadScore.consent(false)],
  ['forget', () => LeadScore.forget()],
]) {
  document.getElementById(id).addEventListener('click', call);
}
