/** The mini-program's access token for WeChat's HTTPS APIs (those that are not cloud calls). */
export interface AccessTokenSource {
  /** A valid token; `refresh` asks for a new one after WeChat said the old one is no longer valid. */
  token(refresh?: boolean): Promise<string>;
}
