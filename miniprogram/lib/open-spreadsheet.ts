/**
 * Opens an export the review function stored: its short-lived link is downloaded to a temporary
 * file (the storage rule lets no phone read the file directly) and WeChat's document viewer opens
 * it, with the menu to forward or save it. Answers a sentence for the page, never an error code.
 */
export async function openSpreadsheet(url: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    // wx.downloadFile answers through callbacks (it returns its task, not a promise).
    const downloaded = await new Promise<{ statusCode: number; tempFilePath: string }>((resolve, reject) => {
      wx.downloadFile({ url, success: resolve, fail: reject });
    });
    if (downloaded.statusCode !== 200) return { ok: false, message: '文件下载失败，请稍后重试' };
    await wx.openDocument({ filePath: downloaded.tempFilePath, fileType: 'xlsx', showMenu: true });
    return { ok: true };
  } catch {
    return { ok: false, message: '无法打开文件，请稍后重试' };
  }
}
