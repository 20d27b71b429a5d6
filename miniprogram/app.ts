/**
 * The mini-program. Cloud calls go through lib/cloud-client; with no `env` given, wx.cloud uses
 * the environment the program is bound to, so no environment ID is written in code.
 */
App<IAppOption>({
  globalData: {},
  onLaunch() {
    if (wx.cloud) wx.cloud.init({ traceUser: true });
  },
});
