/**
 * What `wx.requestSubscribeMessage` resolves with, from the resident's choice in the dialog:
 * every template asked gets `accept` or `reject` (WeChat's words), plus errMsg. Pure, for jest.
 */
export function subscribeAnswer(tmplIds: readonly string[], allowed: boolean, checked: ReadonlySet<string>): Record<string, string> {
  const answer: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
  for (const id of tmplIds) answer[id] = allowed && checked.has(id) ? 'accept' : 'reject';
  return answer;
}
