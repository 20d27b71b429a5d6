/** The app instance: no global data yet; pages share state through storage and the cloud. */
interface IAppOption {
  globalData: Record<string, never>;
}
